using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary><c>POST /tasks/{id}/assign</c>: <c>bot_id</c> (ClawBot) or <c>node_id</c>.</summary>
public sealed record AssignTaskRequest(string? BotId, string? NodeId) : IValidatable
{
    public string? Target => NodeId ?? BotId;

    public void Validate(ValidationErrors errors) => errors.Require(Ids.IsValid(Target), "node_id", "Required (node_id or bot_id): " + Ids.Rule);
}
