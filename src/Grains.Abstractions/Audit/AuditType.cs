namespace Claw.Abstractions.Audit;

/// <summary>The kinds of audit record (API.md "Security", <c>GET /audit?type=</c>); wire text by <c>Wire()</c>.</summary>
public enum AuditType
{
    AuthenticationSuccess,
    AuthenticationFailure,
    AuthorizationFailure,
    TokenIssued,
    TokenRenewed,
    TokenRevoked,
    SignatureVerified,
    SignatureFailed,
    KeyCreated,
    KeyRevoked,
}
