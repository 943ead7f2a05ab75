namespace Claw.Abstractions.Errors;

/// <summary>The stable machine codes of API.md; clients branch on these, so they never change.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string MalformedJson = "malformed_json";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string PayloadTooLarge = "payload_too_large";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string RateLimited = "rate_limited";
    public const string StorageUnavailable = "storage_unavailable";
    public const string ClusterUnavailable = "cluster_unavailable";
    public const string InternalError = "internal_error";
    public const string BadRequest = "bad_request";
    public const string IdempotencyConflict = "idempotency_conflict";
    public const string TaskNotPending = "task_not_pending";
    public const string InvalidTransition = "invalid_transition";
    public const string LeaseExpired = "lease_expired";
    public const string LeaseRevoked = "lease_revoked";
    public const string LeaseNotOwner = "lease_not_owner";
    public const string StaleLease = "stale_lease";
    public const string NodeCannotRun = "node_cannot_run";
    public const string NodeUnavailable = "node_unavailable";
    public const string TaskNotWaitingInput = "task_not_waiting_input";
    public const string SwarmPaused = "swarm_paused";
    public const string SwarmStopped = "swarm_stopped";
    public const string PoolExhausted = "pool_exhausted";
    public const string NodeIdTaken = "node_id_taken";
    public const string UpgradeUnsupported = "upgrade_unsupported";
    public const string PortsExhausted = "ports_exhausted";
}
