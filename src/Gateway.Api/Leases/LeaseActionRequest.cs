using System.Text.Json;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Leases;

/// <summary>Body of the lease calls: the token, and for complete/fail the outcome.</summary>
public sealed record LeaseActionRequest(string? Token, JsonElement? Result, string? Error, bool? Retriable, string? ErrorCode = null, JsonElement? Signature = null) : IValidatable
{
    public void Validate(ValidationErrors errors) => Identity.ResultProofs.Signature(errors
        .Require(Token is null || Token.Length is > 0 and <= 200, "token", "1–200 characters.")
        .Require(Error is null || Error.Length <= 10_000, "error", "At most 10000 characters.")
        .Require(ErrorCode is null || FailureCodes.IsValid(ErrorCode), "error_code", FailureCodes.Rule)
        .Json("result", Result, objectOnly: false), Signature);

    public string? ResultJson => Result is { ValueKind: not JsonValueKind.Null } result ? result.GetRawText() : null;
}
