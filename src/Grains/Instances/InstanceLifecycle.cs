using Claw.Abstractions.Errors;
using Claw.Abstractions.Instances;

namespace Claw.Grains.Instances;

/// <summary>
/// The rules of one managed instance, apart from running anything (<see cref="InstanceGrain"/> runs the process and
/// writes): what creating it, its process getting ready or exiting, and losing its silo change in its record.
/// </summary>
public sealed class InstanceLifecycle(InstanceState instance, DateTimeOffset now)
{
    private InstanceState I => instance;

    /// <summary>A new instance as asked, on <paramref name="port"/>, with a fresh gateway token; it should run.</summary>
    public void Create(InstanceSpec spec, int port, string token, string version)
    {
        I.Apply(spec);
        I.CreatedAt = now;
        I.Token = token;
        I.TargetVersion = version;
        I.ShouldRun = true;
        I.Port = port;
        I.Status = InstanceStatus.Provisioning;
    }

    /// <summary>An activation that finds this is on a new silo (the old one stopped, or the cluster restarted): nothing runs for it here yet.</summary>
    public bool NeedsProvisioning => I.Exists && I.ShouldRun && I.Status is not (InstanceStatus.Error or InstanceStatus.Destroyed);

    /// <summary>Records the silo it ran on as lost; true when that counts as a restart (it had been running).</summary>
    public bool SiloLost(string here)
    {
        if (I.Status is not (InstanceStatus.Running or InstanceStatus.Upgrading) && I.ReadyAt is null)
        {
            return false;
        }

        I.Restarts++;
        I.LastError = $"its silo {I.Silo} stopped; provisioned again on {here}";
        return true;
    }

    /// <summary>Asked to run again (start, restart, upgrade): a fresh count of failed starts.</summary>
    public void RunAgain()
    {
        I.ShouldRun = true;
        I.FailedStarts = 0;
    }

    /// <summary>The process answered hello-ok: running, with the version it reports (noted when an upgrade asked for another).</summary>
    public void Ready(string? version, double startupSeconds)
    {
        var requested = I.Status == InstanceStatus.Upgrading ? I.TargetVersion : null;
        I.Status = InstanceStatus.Running;
        I.Version = version;
        I.FailedStarts = 0;
        I.StartupSeconds = Math.Round(startupSeconds, 2);
        I.ReadyAt = now;
        if (requested is not null && version is not null && !version.Contains(requested, StringComparison.Ordinal))
        {
            I.LastError = $"upgrade to {requested} asked, but the launcher runs {version}";
        }
    }

    /// <summary>
    /// The process exited for <paramref name="reason"/>. A ready process that dies has failed once; one that dies
    /// before getting ready adds to the failures in a row, and more than <paramref name="maxFailedStarts"/> give up.
    /// </summary>
    public InstanceExit Exited(string reason, int maxFailedStarts)
    {
        var wasReady = I.Status == InstanceStatus.Running;
        I.Pid = null;
        I.LastError = reason;
        if (!I.ShouldRun)
        {
            return InstanceExit.Stopped;
        }

        I.Restarts++;
        I.FailedStarts = wasReady ? 1 : I.FailedStarts + 1;
        if (I.FailedStarts > maxFailedStarts)
        {
            I.Status = InstanceStatus.Error;
            I.LastError = $"gave up after {I.FailedStarts} failed starts; last: {reason}";
            return InstanceExit.GaveUp;
        }

        I.Status = InstanceStatus.Provisioning;
        return InstanceExit.Relaunch;
    }

    /// <summary>Refuses an action on an instance that is destroyed or being destroyed.</summary>
    public void EnsureNotDestroyed(string instanceId, string action)
    {
        if (I.Status is InstanceStatus.Destroyed or InstanceStatus.Destroying)
        {
            throw ClawException.Conflict(ErrorCodes.InvalidTransition, $"Instance '{instanceId}' is {I.Status.ToString().ToLowerInvariant()}; it cannot {action}.");
        }
    }
}
