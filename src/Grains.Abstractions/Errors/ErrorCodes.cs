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

    /// <summary>429: the queue holds as many pending tasks as its <c>max_pending</c> lets this priority add (low is refused first, critical last).</summary>
    public const string QueueFull = "queue_full";

    /// <summary>401: no credentials, or credentials that do not authenticate (answered with <c>WWW-Authenticate</c>).</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>403: authenticated, but the role or scope does not allow this (or a browser origin that is not allowed).</summary>
    public const string Forbidden = "forbidden";

    /// <summary>400: credentials in the query string (<c>token</c>, <c>access_token</c>, <c>api_key</c>), where logs and browser history keep them.</summary>
    public const string CredentialsInQuery = "credentials_in_query";
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

    /// <summary>A status change the resource's state does not allow (e.g. <c>busy</c> for a node that is not online).</summary>
    public const string InvalidStateTransition = "invalid_state_transition";

    /// <summary>A workflow step whose dependencies have not all completed cannot be assigned yet.</summary>
    public const string DependenciesPending = "dependencies_pending";

    /// <summary><c>POST /ws/broadcast/task/{id}</c>: the task has no lease out, so no node to push it to.</summary>
    public const string TaskNotAssigned = "task_not_assigned";

    /// <summary><c>POST /ws/broadcast/task/{id}</c>: the holder has no live WebSocket session.</summary>
    public const string NodeNotConnected = "node_not_connected";

    /// <summary>
    /// Not an answer's code but a marker inside one: a stored JSON value (payload, result, metadata) that cannot be
    /// rendered (nested too deep, broken text) is replaced by <c>{"claw_error":{"code":"stored_json_unreadable",…}}</c>,
    /// so the rest of the task, and the page it is on, still reads.
    /// </summary>
    public const string StoredJsonUnreadable = "stored_json_unreadable";

    /// <summary>WebSocket: a text frame that is JSON but not <c>{"type": string, …}</c>.</summary>
    public const string InvalidFrame = "invalid_frame";

    /// <summary>WebSocket: a frame type the server does not know.</summary>
    public const string UnknownFrameType = "unknown_frame_type";

    /// <summary>WebSocket: a binary message; frames are JSON text.</summary>
    public const string BinaryNotSupported = "binary_not_supported";

    /// <summary>401: a result from a node with a registered key came unsigned (<c>Claw:Auth:RequireSignedResults</c>).</summary>
    public const string SignatureRequired = "signature_required";

    /// <summary>401: a signed result's <c>ts</c> is older than 5 minutes or more than 30 seconds ahead.</summary>
    public const string StaleSignature = "stale_signature";

    /// <summary>401: a signature that the node's key did not make (or that is not a signature at all).</summary>
    public const string BadSignature = "bad_signature";

    /// <summary>409: a signed result whose nonce this node has used before.</summary>
    public const string Replayed = "replayed";

    /// <summary>409: a registration that would replace a node's key; keys change by rotation, signed by the old key.</summary>
    public const string PublicKeyMismatch = "public_key_mismatch";

    /// <summary>401/403: a capability token that is not valid (bad signature, expired, revoked) or not this node's.</summary>
    public const string InvalidCapabilityToken = "invalid_capability_token";
}
