using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary><c>POST /tasks/{id}/start</c>.</summary>
public sealed record StartTaskRequest(string? LeaseId, string? LeaseToken, string? NodeId, string? BotId) : IHolderBody, IValidatable
{
    public void Validate(ValidationErrors errors) => this.ValidateHolder(errors);
}
