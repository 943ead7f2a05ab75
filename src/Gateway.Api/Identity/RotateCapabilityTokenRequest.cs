using Claw.Gateway.Validation;

namespace Claw.Gateway.Identity;

/// <summary>Body of <c>POST /auth/capability-tokens/{jti}/rotate</c>: how long the old token stays valid, and the new one's lifetime.</summary>
public sealed record RotateCapabilityTokenRequest(int? GraceSeconds, int? TtlSeconds) : IValidatable
{
    public const int DefaultGraceSeconds = 300;

    public void Validate(ValidationErrors errors) => errors
        .Require(GraceSeconds is null or (>= 0 and <= 86_400), "grace_seconds", "0–86400 seconds (default 300).")
        .Require(TtlSeconds is null or (>= 60 and <= IssueCapabilityTokenRequest.MaxTtlSeconds), "ttl_seconds", $"60–{IssueCapabilityTokenRequest.MaxTtlSeconds} seconds (default: the old token's).");
}
