using System.Text.Json;
using Claw.Client;
using Claw.Client.Tasks;
using Claw.Client.Worker;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Clients;

/// <summary>
/// <see cref="ClawWorker"/> against a real host over its real control channel: results, progress, failures,
/// cancellation, lease renewal, and a connection cut mid-task (a TCP relay that resets it) with the outcomes counted.
/// </summary>
[Collection(ClientsCollection.Name)]
public sealed class WorkerTests(ClientsFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private ClawClient Client => fixture.Client;

    [Fact]
    public async Task A_worker_runs_a_task_reports_progress_and_completes_it_once()
    {
        var queue = ClientsFixture.Unique("q");
        await using var worker = new WorkerHarness(fixture.Host.BaseAddress, queue, async (job, token) =>
        {
            await job.ProgressAsync(50, "halfway", new { rows = 10 }, token);
            return new { doubled = job.Payload.GetProperty("n").GetInt32() * 2 };
        });

        var task = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = queue, Payload = JsonSerializer.SerializeToElement(new { n = 21 }) });
        var done = await Client.Tasks.WaitAsync(task.Id).WaitAsync(Patience);

        Assert.Equal((TaskStatuses.Completed, 1, worker.Worker.NodeId), (done.Status, done.Attempt, done.NodeId));
        Assert.Equal(42, done.Result!.Value.GetProperty("doubled").GetInt32());
        Assert.Equal((50, "halfway"), (done.Progress!.Percent, done.Progress.Message));
        Assert.Equal(1, worker.RunsOf(task.Id));
        var timeline = (await Client.Tasks.TimelineAsync(task.Id)).Select(e => e.Type).ToList();
        Assert.Single(timeline, t => t == "started");
        Assert.Single(timeline, t => t == "completed");
    }

    [Fact]
    public async Task A_worker_survives_a_dropped_connection_mid_task_without_losing_or_duplicating_the_result()
    {
        var queue = ClientsFixture.Unique("q");
        await using var proxy = new SeverableProxy(fixture.Host.BaseAddress);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var returning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var worker = new WorkerHarness(proxy.BaseAddress, queue, async (job, token) =>
        {
            if (job.Payload.GetProperty("hold").GetBoolean())
            {
                started.TrySetResult();
                await release.Task.WaitAsync(token);
                returning.TrySetResult();
            }

            return new { done = job.TaskId };
        });

        var held = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = queue, TimeoutSeconds = 300, Payload = JsonSerializer.SerializeToElement(new { hold = true }) });
        await started.Task.WaitAsync(Patience);
        var connectionsBefore = proxy.Accepted;

        // The cable is cut mid-task: the control channel and every HTTP connection reset, new ones refused. The handler
        // finishes while the server is unreachable, so the result must wait for the network to come back.
        proxy.Sever();
        release.SetResult();
        await returning.Task.WaitAsync(Patience);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the worker tries to report meanwhile, and is refused
        Assert.NotEqual(TaskStatuses.Completed, (await Client.Tasks.GetAsync(held.Id)).Status); // nothing got through the cut
        proxy.Restore();

        var done = await Client.Tasks.WaitAsync(held.Id).WaitAsync(Patience);
        Assert.Equal((TaskStatuses.Completed, 1), (done.Status, done.Attempt));
        Assert.Equal(held.Id, done.Result!.Value.GetProperty("done").GetString());
        Assert.Equal(1, worker.RunsOf(held.Id));
        var timeline = (await Client.Tasks.TimelineAsync(held.Id)).Select(e => e.Type).ToList();
        Assert.Single(timeline, t => t == "completed");
        Assert.DoesNotContain("result_rejected", timeline);
        Assert.DoesNotContain("lease_expired", timeline);

        // The control channel came back (work is only pushed over it): a new task runs, once.
        var next = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = queue, Payload = JsonSerializer.SerializeToElement(new { hold = false }) });
        var nextDone = await Client.Tasks.WaitAsync(next.Id).WaitAsync(Patience);
        Assert.Equal((TaskStatuses.Completed, worker.Worker.NodeId), (nextDone.Status, nextDone.NodeId));
        Assert.Equal(1, worker.RunsOf(next.Id));
        Assert.True(proxy.Accepted > connectionsBefore, "the worker connected again through the relay");
        var events = await Client.Monitoring.TimelineAsync(new Claw.Client.Events.EventFilter(TaskId: held.Id, Types: ["task.completed"])).ToListAsync();
        Assert.Single(events);
    }

    [Fact]
    public async Task Cancelling_a_task_fires_the_handlers_token_and_no_result_is_sent()
    {
        var queue = ClientsFixture.Unique("q");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var worker = new WorkerHarness(fixture.Host.BaseAddress, queue, async (job, token) =>
        {
            using var registration = token.Register(() => cancelled.TrySetResult());
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
            return null;
        });

        var task = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = queue });
        await started.Task.WaitAsync(Patience);
        await Client.Tasks.CancelAsync(task.Id, "operator said stop");
        await cancelled.Task.WaitAsync(Patience);

        await Eventually.Until(() => Task.FromResult(worker.Worker.RunningJobs), n => n == 0, Patience, "the job to end");
        var timeline = (await Client.Tasks.TimelineAsync(task.Id)).Select(e => e.Type).ToList();
        Assert.Equal(TaskStatuses.Cancelled, (await Client.Tasks.GetAsync(task.Id)).Status);
        Assert.DoesNotContain("result_rejected", timeline);
        Assert.DoesNotContain("completed", timeline);
    }

    [Fact]
    public async Task A_handler_that_throws_fails_the_task_retriably_and_a_final_failure_ends_it()
    {
        var queue = ClientsFixture.Unique("q");
        await using var worker = new WorkerHarness(fixture.Host.BaseAddress, queue, (job, _) => job.Attempt == 1
            ? throw new InvalidOperationException("flaky dependency")
            : throw new ClawJobFailedException("bad input", retriable: false, errorCode: "bad_input"));

        var task = await Client.Tasks.SubmitAsync(new SubmitTaskRequest
        {
            Queue = queue,
            MaxRetries = 5,
            RetryBackoff = new RetryBackoff(InitialSeconds: 0.1, Multiplier: 1, MaxSeconds: 0.1, Jitter: 0),
        });
        var done = await Client.Tasks.WaitAsync(task.Id).WaitAsync(Patience);

        Assert.Equal((TaskStatuses.Failed, 2, "bad input", "bad_input"), (done.Status, done.Attempt, done.Error, done.ErrorCode));
        Assert.Equal(2, worker.RunsOf(task.Id));
        var failures = (await Client.Tasks.TimelineAsync(task.Id)).Where(e => e.Type == "failed").ToList();
        Assert.Equal(["flaky dependency", "bad input"], failures.Select(f => f.Detail));
    }

    [Fact]
    public async Task The_lease_is_renewed_while_a_long_handler_runs()
    {
        var queue = ClientsFixture.Unique("q");
        string? leaseId = null;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var worker = new WorkerHarness(fixture.Host.BaseAddress, queue, async (job, token) =>
        {
            Volatile.Write(ref leaseId, job.LeaseId);
            await release.Task.WaitAsync(token);
            return "ok";
        });

        // A 3-second lease outlives itself only if the worker renews it.
        var task = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = queue, TimeoutSeconds = 3 });
        await Eventually.Until(() => Task.FromResult(Volatile.Read(ref leaseId)), id => id is not null, Patience, "the job to start");
        var lease = await Eventually.Until(() => Client.Leases.GetAsync(leaseId!), l => l.Renewals >= 3 || l.Status != "active", Patience, "three renewals");
        Assert.Equal("active", lease.Status);
        release.SetResult();

        var done = await Client.Tasks.WaitAsync(task.Id).WaitAsync(Patience);
        Assert.Equal((TaskStatuses.Completed, 1, "ok"), (done.Status, done.Attempt, done.Result!.Value.GetString()));
        Assert.Equal(1, worker.RunsOf(task.Id));
    }
}
