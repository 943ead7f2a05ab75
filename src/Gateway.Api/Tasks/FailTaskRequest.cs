using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary><c>POST /tasks/{id}/fail</c>.</summary>
public sealed record FailTaskRequest(string? Error, bool? Retriable, string? LeaseId, string? LeaseToken, string? NodeId, string? BotId) : IHolderBody, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        this.ValidateHolder(errors);
        errors.Require(!string.IsNullOrWhiteSpace(Error) && Error.Length <= 10_000, "error", "Required, at most 10000 characters.");
    }
}
