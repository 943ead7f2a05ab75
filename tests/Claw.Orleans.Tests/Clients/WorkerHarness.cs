using System.Collections.Concurrent;
using Claw.Client.Worker;

namespace Claw.Tests.Clients;

/// <summary>A <see cref="ClawWorker"/> running in the background for a test, with a count of handler runs per task.</summary>
public sealed class WorkerHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public WorkerHarness(Uri baseAddress, string queue, Func<ClawJob, CancellationToken, Task<object?>> handler, Action<ClawWorkerOptions>? configure = null)
    {
        var options = new ClawWorkerOptions
        {
            BaseAddress = baseAddress,
            Name = "test worker",
            NodeId = ClientsFixture.Unique("worker"),
            Queues = [queue],
            ReconnectDelay = TimeSpan.FromMilliseconds(200),
            MaxReconnectDelay = TimeSpan.FromSeconds(2),
        };
        configure?.Invoke(options);
        Worker = new ClawWorker(options, Log);
        _run = Worker.RunAsync(async (job, token) =>
        {
            Runs.AddOrUpdate(job.TaskId, 1, (_, n) => n + 1);
            return await handler(job, token);
        }, _stop.Token);
    }

    public ClawWorker Worker { get; }

    public ListLogger Log { get; } = new();

    /// <summary>How many times the handler ran, per task id.</summary>
    public ConcurrentDictionary<string, int> Runs { get; } = new();

    public int RunsOf(string taskId) => Runs.GetValueOrDefault(taskId);

    /// <summary>Why the worker stopped on its own (for a failing test's message); null while it runs.</summary>
    public Exception? Failure => _run.Exception?.GetBaseException();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        Worker.Dispose();
        _stop.Dispose();
    }
}
