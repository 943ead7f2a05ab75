using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary><c>POST /tasks/{id}/cancel</c>.</summary>
public sealed record CancelTaskRequest(string? Reason) : IValidatable
{
    public void Validate(ValidationErrors errors) => errors.Require(Reason is null || Reason.Length <= 2000, "reason", "At most 2000 characters.");
}
