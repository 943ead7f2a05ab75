using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary><c>POST /tasks/{id}/reject</c>: who rejects and why.</summary>
public sealed record RejectTaskRequest(string? By, string? Reason) : IValidatable
{
    public void Validate(ValidationErrors errors) => errors
        .Require(By is null || By.Length <= 200, "by", "At most 200 characters.")
        .Require(Reason is null || Reason.Length <= 2000, "reason", "At most 2000 characters.");
}
