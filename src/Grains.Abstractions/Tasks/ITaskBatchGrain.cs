using System.Collections.Immutable;

namespace Claw.Abstractions.Tasks;

/// <summary>
/// Creates many tasks in one call (<c>POST /tasks/batch</c>): the plain ones together, in one transaction, without
/// activating their task grains; the others (an approval gate, a workflow, a swarm, a later <c>run_at</c>) through
/// their own task grain. A stateless worker, so every silo runs batches side by side.
/// </summary>
[Alias("claw.ITaskBatchGrain")]
public interface ITaskBatchGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The tasks, answered in order once every one is written: a keyed item whose task exists with the same
    /// fingerprint is answered as stored (a replay); one with another fingerprint refuses the whole batch (409) before
    /// anything is written, as a full queue does (429).
    /// </summary>
    [Alias("submit")]
    Task<ImmutableArray<SubmitResult>> SubmitAsync(ImmutableArray<BatchItem> items);
}
