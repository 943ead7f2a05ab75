using System.Text.Json;
using Claw.Client.Http;
using Claw.Client.Nodes;
using Claw.Client.Tasks;

namespace Claw.Client.Worker;

/// <summary>One attempt of one task, handed to the worker's handler: what to do, and how to say how far it got.</summary>
public sealed class ClawJob
{
    private readonly TasksClient _tasks;
    private readonly LeaseProof _proof;

    internal ClawJob(Assignment assignment, string nodeId, TasksClient tasks)
    {
        Assignment = assignment;
        _tasks = tasks;
        _proof = new LeaseProof(assignment.LeaseId, assignment.LeaseToken, nodeId);
    }

    public Assignment Assignment { get; }

    public string TaskId => Assignment.TaskId;

    public string LeaseId => Assignment.LeaseId;

    public int Attempt => Assignment.Attempt;

    public string? Type => Assignment.Type;

    /// <summary>The task's payload (an empty object when it had none).</summary>
    public JsonElement Payload => Assignment.TaskPayload ?? JsonDocument.Parse("{}").RootElement;

    public T? PayloadAs<T>() => Payload.Deserialize<T>(ClawJson.Options);

    /// <summary>Reports progress (0–100). A report that cannot reach the server is dropped: the next one says more.</summary>
    public async Task ProgressAsync(int percent, string? message = null, object? data = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await _tasks.ProgressAsync(TaskId, percent, message, data, _proof, cancellationToken);
        }
        catch (HttpRequestException)
        {
            // progress is advisory; the result is what must arrive, and it is retried
        }
    }

    internal LeaseProof Proof => _proof;
}
