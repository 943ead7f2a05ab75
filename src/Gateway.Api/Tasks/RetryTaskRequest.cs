using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary><c>POST /tasks/{id}/retry</c> (body optional): why, for the <c>retried</c> event.</summary>
public sealed record RetryTaskRequest(string? Reason) : IValidatable
{
    public void Validate(ValidationErrors errors) =>
        errors.Require(Reason is null || (Reason.Length <= 1000 && !Reason.Any(char.IsControl)), "reason", "At most 1000 printable characters.");
}
