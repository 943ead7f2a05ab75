using System.Diagnostics;
using System.Net.WebSockets;
using Claw.Bench.Cluster;

namespace Claw.Bench.Scenarios;

/// <summary>
/// Push workers: each node holds one control channel (one slot), answers every <c>task_assigned</c> with
/// <c>task_complete</c>, and gets its next task pushed once the completion has freed the slot. The server does not
/// acknowledge a completion frame, so after the last answer each worker's last task is read back until
/// <c>completed</c>; the earlier ones were, or the slot would not have been freed for the next push.
/// </summary>
internal sealed class WsDrain(ClawCluster cluster, string queue, IReadOnlyList<string> nodeIds) : IDrain
{
    private int _answered;
    private int _rejected;

    public int Completed => Volatile.Read(ref _answered);

    public async Task<DrainOutcome> RunAsync(int total, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(timeout);
        var lastTasks = new string?[nodeIds.Count];
        var allAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        var channels = await Task.WhenAll(nodeIds.Select((node, w) => ControlChannel.OpenAsync(cluster.ControlUri(w, node, queue), cluster.Bearer, stop.Token)));
        var workers = Task.WhenAll(channels.Select((channel, w) => WorkAsync(channel, w, lastTasks, total, allAnswered, stop.Token)));
        try
        {
            var first = await Task.WhenAny(allAnswered.Task, workers, Task.Delay(timeout, stop.Token));
            if (first == workers && workers.IsFaulted)
            {
                await workers; // a worker failed: the run says why
            }

            var timedOut = !allAnswered.Task.IsCompleted;
            if (!timedOut)
            {
                await Task.WhenAll(lastTasks.Select((taskId, w) => taskId is null ? Task.CompletedTask : WaitCompletedAsync(w, taskId, stop.Token)));
            }

            return new DrainOutcome(Completed, clock.Elapsed.TotalSeconds, _rejected, timedOut);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await workers;
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                // the workers were waiting for frames that will never come
            }

            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private async Task WorkAsync(ControlChannel channel, int w, string?[] lastTasks, int total, TaskCompletionSource allAnswered, CancellationToken cancellationToken)
    {
        while (Completed < total)
        {
            var frame = await channel.ReceiveAsync(cancellationToken);
            switch (frame.Type)
            {
                case "task_assigned":
                    await channel.CompleteAsync(frame, cancellationToken);
                    lastTasks[w] = frame.String("task_id");
                    if (Interlocked.Increment(ref _answered) == total)
                    {
                        allAnswered.TrySetResult();
                    }

                    break;
                case "result_rejected" or "error":
                    Interlocked.Increment(ref _rejected);
                    break;
            }
        }
    }

    private async Task WaitCompletedAsync(int w, string taskId, CancellationToken cancellationToken)
    {
        while (await cluster.TaskStatusAsync(w, taskId, cancellationToken) != "completed")
        {
            await Task.Delay(1, cancellationToken);
        }
    }
}
