using System.Text.Json;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary><c>POST /tasks/{id}/complete</c>.</summary>
public sealed record CompleteTaskRequest(JsonElement? Result, string? LeaseId, string? LeaseToken, string? NodeId, string? BotId, JsonElement? Signature = null) : IHolderBody, IValidatable
{
    public void Validate(ValidationErrors errors) => Identity.ResultProofs.Signature(this.ValidateHolder(errors).Json("result", Result, objectOnly: false), Signature);

    public string? ResultJson => Result is { ValueKind: not JsonValueKind.Null } result ? result.GetRawText() : null;
}
