using System.Text.Json;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary><c>POST /tasks/{id}/progress</c>.</summary>
public sealed record ProgressTaskRequest(int? Percent, string? Message, JsonElement? Data, string? LeaseId, string? LeaseToken, string? NodeId, string? BotId)
    : IHolderBody, IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        this.ValidateHolder(errors);
        errors.Require(Percent is >= 0 and <= 100, "percent", "Required, between 0 and 100.")
            .Require(Message is null || Message.Length <= 2000, "message", "At most 2000 characters.")
            .Json("data", Data, objectOnly: false);
    }

    public TaskProgress ToProgress() => new(Percent!.Value, Message, Data is { ValueKind: not JsonValueKind.Null } data ? data.GetRawText() : null, default);
}
