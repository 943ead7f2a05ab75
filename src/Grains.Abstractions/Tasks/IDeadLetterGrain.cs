namespace Claw.Abstractions.Tasks;

/// <summary>
/// Bulk retry of the dead-letter set (<c>POST /tasks/retry</c>): finds failed tasks by their columns and sends each
/// back to pending through its own task grain, a page at a time. A stateless worker: no hot spot, nothing kept.
/// </summary>
[Alias("claw.IDeadLetterGrain")]
public interface IDeadLetterGrain : IGrainWithIntegerKey
{
    /// <summary>The most failed tasks one call retries; a larger request is several pages.</summary>
    const int MaxPage = 500;

    [Alias("retry")]
    Task<RetriedPage> RetryAsync(DeadLetterQuery query);
}
