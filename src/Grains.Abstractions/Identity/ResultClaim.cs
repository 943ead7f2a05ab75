namespace Claw.Abstractions.Identity;

/// <summary>
/// A result about to be handed to a task, as its holder's identity checks it: the signed fields (<c>task_id</c>,
/// <c>lease_id</c>, <c>attempt</c>, and <c>result</c> or <c>error</c> as JSON) and the signature, if one came.
/// </summary>
/// <param name="Member"><c>result</c> for a completion, <c>error</c> for a failure.</param>
/// <param name="ValueJson">The member's JSON value exactly as the node sent it; null when it sent none.</param>
/// <param name="SignatureRequired">Whether an unsigned result from a node with a key is refused (the gateway's policy for this caller).</param>
[GenerateSerializer, Immutable, Alias("claw.result-claim")]
public sealed record ResultClaim(
    [property: Id(0)] string TaskId,
    [property: Id(1)] string LeaseId,
    [property: Id(2)] long Attempt,
    [property: Id(3)] string Member,
    [property: Id(4)] string? ValueJson,
    [property: Id(5)] ResultSignature? Signature,
    [property: Id(6)] bool SignatureRequired)
{
    public const string Result = "result";
    public const string Error = "error";
}
