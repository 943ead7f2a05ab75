using System.Text.Json;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary>Who reports on a task: a lease (id and token) or, ClawBot-style, a node id; all optional.</summary>
public interface IHolderBody
{
    string? LeaseId { get; }

    string? LeaseToken { get; }

    string? NodeId { get; }

    string? BotId { get; }
}

public static class HolderBodyExtensions
{
    public static LeaseProof Proof(this IHolderBody? body) =>
        body is null ? LeaseProof.None : new LeaseProof(body.LeaseId, body.LeaseToken, body.NodeId ?? body.BotId);

    public static void ValidateHolder(this IHolderBody body, ValidationErrors errors) => errors
        .Require(body.LeaseId is null || Ids.IsValid(body.LeaseId), "lease_id", Ids.Rule)
        .Require(body.LeaseToken is null || body.LeaseToken.Length is > 0 and <= 200, "lease_token", "1–200 characters.")
        .Require(body.NodeId is null || Ids.IsValid(body.NodeId), "node_id", Ids.Rule)
        .Require(body.BotId is null || Ids.IsValid(body.BotId), "bot_id", Ids.Rule);
}

/// <summary><c>POST /tasks/{id}/start</c>.</summary>
public sealed record StartTaskRequest(string? LeaseId, string? LeaseToken, string? NodeId, string? BotId) : IHolderBody, IValidatable
{
    public void Validate(ValidationErrors errors) => this.ValidateHolder(errors);
}

/// <summary><c>POST /tasks/{id}/progress</c>.</summary>
public sealed record ProgressTaskRequest(int? Percent, string? Message, JsonElement? Data, string? LeaseId, string? LeaseToken, string? NodeId, string? BotId)
    : IHolderBody, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        this.ValidateHolder(errors);
        errors.Require(Percent is >= 0 and <= 100, "percent", "Required, between 0 and 100.")
            .Require(Message is null || Message.Length <= 2000, "message", "At most 2000 characters.");
    }

    public TaskProgress ToProgress() => new(Percent!.Value, Message, Data is { ValueKind: not JsonValueKind.Null } data ? data.GetRawText() : null, default);
}

/// <summary><c>POST /tasks/{id}/complete</c>.</summary>
public sealed record CompleteTaskRequest(JsonElement? Result, string? LeaseId, string? LeaseToken, string? NodeId, string? BotId) : IHolderBody, IValidatable
{
    public void Validate(ValidationErrors errors) => this.ValidateHolder(errors);

    public string? ResultJson => Result is { ValueKind: not JsonValueKind.Null } result ? result.GetRawText() : null;
}

/// <summary><c>POST /tasks/{id}/fail</c>.</summary>
public sealed record FailTaskRequest(string? Error, bool? Retriable, string? LeaseId, string? LeaseToken, string? NodeId, string? BotId) : IHolderBody, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        this.ValidateHolder(errors);
        errors.Require(!string.IsNullOrWhiteSpace(Error) && Error.Length <= 10_000, "error", "Required, at most 10000 characters.");
    }
}

/// <summary><c>POST /tasks/{id}/assign</c>: <c>bot_id</c> (ClawBot) or <c>node_id</c>.</summary>
public sealed record AssignTaskRequest(string? BotId, string? NodeId) : IValidatable
{
    public string? Target => NodeId ?? BotId;

    public void Validate(ValidationErrors errors) => errors.Require(Ids.IsValid(Target), "node_id", "Required (node_id or bot_id): " + Ids.Rule);
}

/// <summary><c>POST /tasks/{id}/cancel</c>.</summary>
public sealed record CancelTaskRequest(string? Reason) : IValidatable
{
    public void Validate(ValidationErrors errors) => errors.Require(Reason is null || Reason.Length <= 2000, "reason", "At most 2000 characters.");
}

/// <summary><c>POST /tasks/{id}/approve</c>: who approves, and an optional comment (both go into the timeline).</summary>
public sealed record ApproveTaskRequest(string? By, string? Comment) : IValidatable
{
    public void Validate(ValidationErrors errors) => errors
        .Require(By is null || By.Length <= 200, "by", "At most 200 characters.")
        .Require(Comment is null || Comment.Length <= 2000, "comment", "At most 2000 characters.");
}

/// <summary><c>POST /tasks/{id}/reject</c>: who rejects and why.</summary>
public sealed record RejectTaskRequest(string? By, string? Reason) : IValidatable
{
    public void Validate(ValidationErrors errors) => errors
        .Require(By is null || By.Length <= 200, "by", "At most 200 characters.")
        .Require(Reason is null || Reason.Length <= 2000, "reason", "At most 2000 characters.");
}
