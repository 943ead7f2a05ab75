using System.Net;
using System.Text.Json;
using Claw.Client;
using Claw.Client.Nodes;
using Claw.Client.Tasks;

namespace Claw.Tests.Clients;

/// <summary>The typed client against a real host: tasks, nodes and leases, problem details, idempotent creates, cursor paging.</summary>
[Collection(ClientsCollection.Name)]
public sealed class ClientTaskRoutesTests(ClientsFixture fixture)
{
    private ClawClient Client => fixture.Client;

    [Fact]
    public async Task A_socket_error_that_escapes_the_connection_pool_is_a_call_without_an_answer_retried_when_repeatable()
    {
        var queue = ClientsFixture.Unique("q");
        var task = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = queue, Dispatch = "manual" });
        var wire = new FirstSendFails();
        using var client = new ClawClient(new ClawClientOptions { BaseAddress = fixture.Host.BaseAddress, InnerHandler = wire });

        // A read is repeatable: the raw socket error is retried as any call without an answer is, and the read succeeds.
        Assert.Equal(task.Id, (await client.Tasks.GetAsync(task.Id)).Id);
        Assert.Equal(2, wire.Sends);

        // A delete is not repeatable: the caller gets the transport error the client always throws, and the task stays.
        wire.FailNext();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.Tasks.DeleteAsync(task.Id));
        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
        Assert.IsType<System.Net.Sockets.SocketException>(error.InnerException);
        Assert.Equal(3, wire.Sends);
        Assert.Equal(task.Id, (await Client.Tasks.GetAsync(task.Id)).Id);
    }

    /// <summary>The real socket handler, whose next send fails with the bare socket error .NET's pool can let escape.</summary>
    private sealed class FirstSendFails() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _fail = 1;

        public int Sends { get; private set; }

        public void FailNext() => _fail = 1;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sends++;
            return Interlocked.Exchange(ref _fail, 0) == 1
                ? throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.NotConnected)
                : base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task Submitting_with_one_idempotency_key_twice_makes_one_task_and_lists_page_by_cursor()
    {
        var queue = ClientsFixture.Unique("q");
        var request = new SubmitTaskRequest { Queue = queue, Dispatch = "manual", Payload = JsonSerializer.SerializeToElement(new { n = 1 }) };
        var first = await Client.Tasks.SubmitAsync(request, idempotencyKey: queue);
        var again = await Client.Tasks.SubmitAsync(request, idempotencyKey: queue);
        Assert.Equal(first.Id, again.Id);
        for (var i = 0; i < 4; i++)
        {
            await Client.Tasks.SubmitAsync(request with { Payload = JsonSerializer.SerializeToElement(new { n = i + 2 }) });
        }

        // Five tasks in pages of two: three round trips, every task once, oldest first.
        var listed = await Client.Tasks.ListAsync(new TaskFilter(Queue: queue), pageSize: 2).ToListAsync();
        Assert.Equal(5, listed.Count);
        Assert.Equal(5, listed.Select(t => t.Id).Distinct().Count());
        Assert.Equal(first.Id, listed[0].Id);
        Assert.All(listed, t => Assert.Equal((TaskStatuses.Pending, "manual"), (t.Status, t.Dispatch)));
        Assert.Contains(first.Id, await Client.Tasks.ListPendingAsync(pageSize: 500).Select(t => t.Id).ToListAsync());
    }

    [Fact]
    public async Task A_refusal_is_a_ClawApiException_with_its_code_and_correlation_id()
    {
        var missing = await Assert.ThrowsAsync<ClawApiException>(() => Client.Tasks.GetAsync("no-such-task"));
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (missing.Status, missing.Code));
        Assert.False(string.IsNullOrEmpty(missing.CorrelationId));

        var invalid = await Assert.ThrowsAsync<ClawApiException>(() => Client.Tasks.SubmitAsync(new SubmitTaskRequest { TimeoutSeconds = 0 }));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "validation_failed"), (invalid.Status, invalid.Code));
        Assert.Contains("timeout_seconds", invalid.Errors.Keys);

        var task = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = ClientsFixture.Unique("q"), Dispatch = "manual" });
        await Client.Tasks.CancelAsync(task.Id, "not needed");
        var conflict = await Assert.ThrowsAsync<ClawApiException>(() => Client.Tasks.CancelAsync(task.Id));
        Assert.Equal((HttpStatusCode.Conflict, "invalid_transition"), (conflict.Status, conflict.Code));
    }

    [Fact]
    public async Task Cancel_retry_timeline_callbacks_and_delete_act_on_the_task()
    {
        var task = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = ClientsFixture.Unique("q"), Dispatch = "manual", CallbackUrl = "http://127.0.0.1:9/hook" });
        Assert.Equal(TaskStatuses.Cancelled, (await Client.Tasks.CancelAsync(task.Id, "changed my mind")).Status);
        var retried = await Client.Tasks.RetryAsync(task.Id, "try again");
        Assert.Equal(TaskStatuses.Pending, retried.Status);

        var timeline = await Client.Tasks.TimelineAsync(task.Id);
        Assert.Equal(["created", "cancelled", "retried"], timeline.Select(e => e.Type).Where(t => t is "created" or "cancelled" or "retried"));
        var callbacks = await Client.Tasks.CallbacksAsync(task.Id);
        Assert.Single(callbacks, c => c.Event == "task.cancelled");

        var bulk = await Client.Tasks.RetryFailedAsync(new BulkRetryRequest(Queue: ClientsFixture.Unique("empty")));
        Assert.Equal(new BulkRetryResult(0, 0), bulk);

        await Client.Tasks.DeleteAsync(task.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ClawApiException>(() => Client.Tasks.GetAsync(task.Id))).Status);
    }

    [Fact]
    public async Task A_node_registers_polls_and_runs_a_task_through_its_lease()
    {
        var queue = ClientsFixture.Unique("q");
        var node = await Client.Nodes.RegisterAsync(new RegisterNodeRequest { Id = ClientsFixture.Unique("node"), Name = "poller", Capabilities = ["gpu"], MaxConcurrentTasks = 2 });
        Assert.Equal("offline", node.Status);
        Assert.Equal("online", (await Client.Nodes.HeartbeatAsync(node.Id)).Status);
        Assert.Contains(node.Id, await Client.Nodes.ListAsync(new NodeFilter(Capability: "gpu")).Select(n => n.Id).ToListAsync());
        Assert.Contains(node.Id, (await Client.Nodes.ListAvailableAsync(["gpu"])).Select(n => n.Id));
        Assert.Equal("busy", (await Client.Nodes.MarkBusyAsync(node.Id)).Status);
        Assert.Equal("online", (await Client.Nodes.MarkAvailableAsync(node.Id)).Status);

        var first = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = queue, RequiredCapabilities = ["gpu"] });
        var second = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = queue, RequiredCapabilities = ["gpu"] });
        var assignments = await Client.Nodes.PollAsync(node.Id, new PollRequest([queue], MaxTasks: 2, WaitSeconds: 5));
        Assert.Equal(new[] { first.Id, second.Id }.Order(), assignments.Select(a => a.TaskId).Order());

        var one = assignments.Single(a => a.TaskId == first.Id);
        var proof = new LeaseProof(one.LeaseId, one.LeaseToken, node.Id);
        Assert.Equal(TaskStatuses.InProgress, (await Client.Tasks.StartAsync(one.TaskId, proof)).Status);
        Assert.Equal(40, (await Client.Tasks.ProgressAsync(one.TaskId, 40, "warming up", new { step = 1 }, proof)).Progress!.Percent);
        var renewed = await Client.Leases.HeartbeatAsync(one.LeaseId, one.LeaseToken);
        Assert.Equal((1, "active"), (renewed.Renewals, renewed.Status));
        var done = await Client.Leases.CompleteAsync(one.LeaseId, one.LeaseToken, new { answer = 42 });
        Assert.Equal(TaskStatuses.Completed, done.Status);
        Assert.Equal(42, done.Result!.Value.GetProperty("answer").GetInt32());
        Assert.Equal("completed", (await Client.Leases.GetAsync(one.LeaseId)).Status);

        var other = assignments.Single(a => a.TaskId == second.Id);
        Assert.Equal(TaskStatuses.Pending, (await Client.Leases.ReleaseAsync(other.LeaseId, other.LeaseToken)).Status);

        Assert.Equal("draining", (await Client.Nodes.DrainAsync(node.Id)).Status);
        await Client.Nodes.DeleteAsync(node.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ClawApiException>(() => Client.Nodes.GetAsync(node.Id))).Status);
    }

    [Fact]
    public async Task A_lease_fails_and_an_operator_assigns_approves_and_fails_by_task()
    {
        var queue = ClientsFixture.Unique("q");
        var node = await Client.Nodes.RegisterAsync(new RegisterNodeRequest { Name = "hand", MaxConcurrentTasks = 2 });
        await Client.Nodes.HeartbeatAsync(node.Id);
        var task = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = queue, Dispatch = "manual", MaxRetries = 0 });
        var assigned = await Client.Tasks.AssignAsync(task.Id, node.Id);
        Assert.Equal((TaskStatuses.Assigned, node.Id), (assigned.Status, assigned.NodeId));
        var lease = await Client.Leases.GetAsync(assigned.LeaseId!);
        var failed = await Client.Leases.FailAsync(lease.Id, lease.Token!, "disk full", retriable: false, errorCode: "disk_full");
        Assert.Equal((TaskStatuses.Failed, "disk full", "disk_full"), (failed.Status, failed.Error, failed.ErrorCode));

        var gated = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = queue, Dispatch = "manual", RequiresApproval = true });
        Assert.Equal(TaskStatuses.WaitingInput, gated.Status);
        Assert.Equal(TaskStatuses.Pending, (await Client.Tasks.ApproveAsync(gated.Id, "ops", "fine")).Status);
        var rejected = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = queue, Dispatch = "manual", RequiresApproval = true });
        Assert.Equal(TaskStatuses.Cancelled, (await Client.Tasks.RejectAsync(rejected.Id, "ops", "no")).Status);

        await Client.Tasks.AssignAsync(gated.Id, node.Id);
        Assert.Equal(TaskStatuses.InProgress, (await Client.Tasks.StartAsync(gated.Id)).Status);
        Assert.Equal(TaskStatuses.Completed, (await Client.Tasks.CompleteAsync(gated.Id, new { ok = true })).Status);
    }
}
