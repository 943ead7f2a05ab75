namespace Claw.Gateway.Identity;

/// <summary>A capability token's <c>limits</c>: at most this many leases at once, and <c>max_gpu_minutes</c> (0: no GPU task).</summary>
public sealed record CapabilityLimitsBody(int? MaxConcurrentTasks, int? MaxGpuMinutes);
