using System.Text.Json;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary>
/// <c>POST /tasks/{id}/fail</c>: Claw's <c>{error, retriable?, error_code?}</c>, or ClawBot's <c>{result:{…}}</c> whose
/// object is the error data (kept as the task's <c>result</c>). A failure in ClawBot's form, without <c>retriable</c>, is
/// final, as ClawBot has no retries; Claw's form retries by default.
/// </summary>
public sealed record FailTaskRequest(string? Error, bool? Retriable, string? LeaseId, string? LeaseToken, string? NodeId, string? BotId, JsonElement? Result = null, string? ErrorCode = null, JsonElement? Signature = null)
    : IHolderBody, IValidatable
{
    public const int MaxErrorLength = 10_000;

    public void Validate(ValidationErrors errors)
    {
        this.ValidateHolder(errors)
            .Require(Error is null ? Result is not null and { ValueKind: not JsonValueKind.Null } : !string.IsNullOrWhiteSpace(Error) && Error.Length <= MaxErrorLength,
                "error", $"Required: 1–{MaxErrorLength} characters (or ClawBot's result object with the error data).")
            .Require(ErrorCode is null || FailureCodes.IsValid(ErrorCode), "error_code", FailureCodes.Rule)
            .Json("result", Result);
        Identity.ResultProofs.Signature(errors, Signature);
    }

    public string? ResultJson => Result is { ValueKind: JsonValueKind.Object } result ? result.GetRawText() : null;

    /// <summary>What a signature covers as <c>error</c>: the error text, else ClawBot's result object.</summary>
    public string? SignedErrorJson => Error is not null ? Identity.ResultProofs.ErrorJson(Error) : ResultJson;

    public bool IsRetriable => Retriable ?? Error is not null;

    /// <summary>The failure's text: <c>error</c>, else the result's own <c>error</c> or <c>message</c> text, else the result itself.</summary>
    public string ErrorText => Error ?? ErrorOf(Result!.Value);

    private static string ErrorOf(JsonElement result)
    {
        foreach (var name in (ReadOnlySpan<string>)["error", "message", "detail"])
        {
            if (result.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(text.GetString()))
            {
                return Cut(text.GetString()!);
            }
        }

        return Cut(result.GetRawText());
    }

    private static string Cut(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
}
