using System.Collections.Immutable;

namespace Claw.Abstractions.Callbacks;

/// <summary>Reads a task's callback deliveries from their table; a stateless worker.</summary>
[Alias("claw.ICallbackLogGrain")]
public interface ICallbackLogGrain : IGrainWithIntegerKey
{
    /// <summary>The task's deliveries, oldest first (at most the newest 100).</summary>
    [Alias("list")]
    Task<ImmutableArray<CallbackDelivery>> ListAsync(string taskId);
}
