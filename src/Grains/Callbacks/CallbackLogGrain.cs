using System.Collections.Immutable;
using Claw.Abstractions.Callbacks;
using Claw.Grains.Storage;
using Orleans.Concurrency;

namespace Claw.Grains.Callbacks;

/// <summary>A task's callback deliveries, read from their table by any silo.</summary>
[StatelessWorker]
public sealed class CallbackLogGrain(ClawDatabase database) : Grain, ICallbackLogGrain
{
    public Task<ImmutableArray<CallbackDelivery>> ListAsync(string taskId) => new CallbackStore(database).ListAsync(taskId);
}
