using System.Diagnostics;
using Claw.Grains.Telemetry;

namespace Claw.Grains.Storage;

/// <summary>
/// Spans of group commit. Each grain's write gets a <c>claw.storage.write</c> span in the trace of the grain call that
/// made it, from queueing to commit; each transaction a <c>claw.storage.commit</c> span. A transaction carries writes of
/// many traces, so its span lives in the first one's trace and links to the others, and each other write links back
/// to it. Writes made outside a traced call are not traced, and a transaction with none of them has no span.
/// </summary>
public sealed partial class WriteBatcher
{
    private const string WriteSpanName = "claw.storage.write";
    private const string CommitSpanName = "claw.storage.commit";

    /// <summary>Starts the write's span without making it current: the grain goes on in its own span.</summary>
    private static Activity? StartWriteSpan(PreparedWrite write)
    {
        // A call outside any trace, or in one the sampler dropped, gets no span (a dropped one would be made and thrown away).
        var caller = Activity.Current;
        if (caller is not { Recorded: true })
        {
            return null;
        }

        var span = ClawTraces.Source.StartActivity(WriteSpanName, ActivityKind.Internal);
        if (span is null)
        {
            return null;
        }

        Activity.Current = caller;
        span.SetTag(ClawTraces.TableAttribute, write.Table);
        if (RequestContext.Get(CorrelationContext.Key) is string correlationId)
        {
            span.SetTag(CorrelationContext.SpanAttribute, correlationId);
        }

        return span;
    }

    private Activity? StartCommitSpan(List<QueuedWrite> batch)
    {
        Activity? lead = null;
        List<ActivityLink>? others = null;
        foreach (var write in batch)
        {
            if (write.Span is not { Recorded: true } span)
            {
                continue;
            }

            if (lead is null)
            {
                lead = span;
            }
            else
            {
                (others ??= []).Add(new ActivityLink(span.Context));
            }
        }

        if (lead is null)
        {
            return null;
        }

        var commit = ClawTraces.Source.StartActivity(CommitSpanName, ActivityKind.Client, lead.Context, links: others);
        commit?.SetTag(ClawTraces.DatabaseSystemAttribute, _database.Kind == StorageKind.Postgres ? "postgresql" : "sqlite");
        commit?.SetTag(ClawTraces.BatchSizeAttribute, batch.Count);
        commit?.SetTag(CorrelationContext.SpanAttribute, lead.GetTagItem(CorrelationContext.SpanAttribute));
        return commit;
    }

    /// <summary>Ends the write's span once its transaction is over: committed (<paramref name="error"/> null) or not.</summary>
    private static void EndWriteSpan(QueuedWrite write, Activity? commit, int batchSize, Exception? error)
    {
        if (write.Span is not { } span)
        {
            return;
        }

        var current = Activity.Current;
        span.SetTag(ClawTraces.BatchSizeAttribute, batchSize);
        if (commit is not null && commit.ParentSpanId != span.SpanId)
        {
            span.AddLink(new ActivityLink(commit.Context));
        }

        if (error is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }

        span.Stop();
        Activity.Current = current; // Stop makes the span's parent current, and this runs on the flush loop
    }
}
