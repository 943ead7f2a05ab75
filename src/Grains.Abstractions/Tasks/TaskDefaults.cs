namespace Claw.Abstractions.Tasks;

/// <summary>
/// What a task gets for each submit field it leaves out (API.md "Submit body"): the one place the request, the
/// persisted state and the requirements take their defaults from.
/// </summary>
public static class TaskDefaults
{
    public const string Queue = "default";

    /// <summary>The lease length, and so how long an attempt may run between renewals.</summary>
    public const int TimeoutSeconds = 300;

    public const int MaxRetries = 3;

    public const TaskPriority Priority = TaskPriority.Normal;

    public const DispatchMode Dispatch = DispatchMode.Auto;

    public const double BackoffInitialSeconds = 30;

    public const double BackoffMultiplier = 2.0;

    public const double BackoffMaxSeconds = 3600;
}
