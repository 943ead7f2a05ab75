namespace Claw.Grains.Dispatch;

/// <summary>Log messages of flow control: queue settings and shedding, TTL expiry, concurrency lanes, circuit breakers.</summary>
internal static partial class FlowLog
{
    [LoggerMessage(EventIds.FlowLaneRedrive, LogLevel.Debug, "Concurrency lane {Lane} re-drives {Tasks} tasks into dispatch")]
    public static partial void LaneRedrive(this ILogger logger, string lane, int tasks);

    [LoggerMessage(EventIds.FlowLaneLeaseRefused, LogLevel.Warning, "Task {TaskId} held a slot of concurrency lane {Lane}, but the tasks table refused its lease at the limit of this lane or of its other one (another activation counted apart); it waits parked")]
    public static partial void LaneLeaseRefused(this ILogger logger, string taskId, string lane);

    [LoggerMessage(EventIds.FlowQueueSettingsChanged, LogLevel.Information, "Queue {Queue} settings: max_pending {MaxPending}, default_ttl_seconds {DefaultTtl}, max_concurrent {MaxConcurrent}, paused {Paused}")]
    public static partial void QueueSettingsChanged(this ILogger logger, string queue, int? maxPending, int? defaultTtl, int? maxConcurrent, bool paused);

    [LoggerMessage(EventIds.FlowQueueShed, LogLevel.Debug, "Queue {Queue} refused a {Priority} submit: {Pending} pending, ceiling {Ceiling}")]
    public static partial void QueueShed(this ILogger logger, string queue, string priority, int pending, int ceiling);

    [LoggerMessage(EventIds.FlowTaskExpired, LogLevel.Information, "Task {TaskId} expired in queue {Queue} before it ran (expires_at {ExpiresAt})")]
    public static partial void TaskExpired(this ILogger logger, string taskId, string queue, DateTimeOffset expiresAt);

    [LoggerMessage(EventIds.FlowBreakerOpened, LogLevel.Warning, "Breaker of node {NodeId} for {Scope} opened after {Failures} failures")]
    public static partial void BreakerOpened(this ILogger logger, string nodeId, string scope, int failures);

    [LoggerMessage(EventIds.FlowBreakerHalfOpen, LogLevel.Information, "Breaker of node {NodeId} for {Scope} is half-open: one trial task")]
    public static partial void BreakerHalfOpen(this ILogger logger, string nodeId, string scope);

    [LoggerMessage(EventIds.FlowBreakerClosed, LogLevel.Information, "Breaker of node {NodeId} for {Scope} closed")]
    public static partial void BreakerClosed(this ILogger logger, string nodeId, string scope);
}
