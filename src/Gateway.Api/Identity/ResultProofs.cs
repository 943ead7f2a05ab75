using System.Text.Json;
using Claw.Abstractions.Auth;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Identity;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Auth;
using Claw.Gateway.Validation;
using Microsoft.Extensions.Options;

namespace Claw.Gateway.Identity;

/// <summary>
/// The signature every result carries to its task (HTTP <c>complete</c>/<c>fail</c> on tasks and leases, the control
/// channel's <c>task_complete</c>/<c>task_failed</c>): the task has its holder's identity grain judge it against the
/// signed fields (the lease the result names, else the task's current one, and the task's attempt, as the assignment
/// carried them) before it takes the result.
/// </summary>
public sealed class ResultProofs(IOptions<AuthOptions> options)
{
    public const string Field = "signature";

    public const string Rule = "An object {ts: Unix seconds, nonce: 1–128 characters, sig: base64url Ed25519 signature}.";

    /// <summary>Checks a body's <c>signature</c> at the door: a readable JSON document (as every document field) of the right shape.</summary>
    public static ValidationErrors Signature(ValidationErrors errors, JsonElement? signature) =>
        new ValidationErrors(errors.Limits).Json(Field, signature).IsEmpty
            ? errors.Require(TryParse(signature, out _), Field, Rule)
            : errors.Json(Field, signature);

    /// <summary><c>signature {ts, nonce, sig}</c> from a body that passed <see cref="Signature"/>; null when absent.</summary>
    public static ResultSignature? Parse(JsonElement? signature) =>
        TryParse(signature, out var parsed) ? parsed : throw ClawException.InvalidField(Field, Rule);

    /// <summary>The signature of a frame, whose document was checked by the frame's rules; 422 when malformed.</summary>
    public static ResultSignature? Parse(string? signatureJson)
    {
        if (signatureJson is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(signatureJson);
        return Parse(document.RootElement.Clone());
    }

    private static bool TryParse(JsonElement? signature, out ResultSignature? parsed)
    {
        parsed = null;
        if (signature is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } value)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.Object
            && value.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var seconds)
            && value.TryGetProperty("nonce", out var nonce) && nonce.ValueKind == JsonValueKind.String && nonce.GetString() is { Length: > 0 and <= 128 } nonceText
            && value.TryGetProperty("sig", out var sig) && sig.ValueKind == JsonValueKind.String && sig.GetString() is { Length: > 0 and <= 200 } sigText)
        {
            parsed = new ResultSignature(seconds, nonceText, sigText);
        }

        return parsed is not null;
    }

    /// <summary>
    /// The result's evidence for its task to judge (the task asks its holder's identity, which refuses with 401/409 as
    /// problem details or a <c>result_rejected</c> frame): whether this caller must sign follows the gateway's policy.
    /// </summary>
    /// <param name="member"><see cref="ResultClaim.Result"/> or <see cref="ResultClaim.Error"/>.</param>
    /// <param name="valueJson">That member's JSON value as the node sent it.</param>
    public ResultEvidence Evidence(Principal? caller, string member, string? valueJson, ResultSignature? signature) =>
        new(member, valueJson, signature, options.Value.RequireSignedResults && !(caller is { IsOperator: true } && caller.Kind != Principal.AnonymousId));

    /// <summary>The JSON of a failure's <c>error</c> text (null stays null).</summary>
    public static string? ErrorJson(string? error) => error is null ? null : JsonSerializer.Serialize(error);
}
