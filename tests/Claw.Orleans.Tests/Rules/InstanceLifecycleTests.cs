using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Instances;
using Claw.Grains.Instances;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

/// <summary>A managed instance's rules: restarts with a count of failed starts, giving up, upgrades and a lost silo.</summary>
public sealed class InstanceLifecycleTests
{
    private const int MaxFailedStarts = 3;

    private static InstanceState Created()
    {
        var instance = new InstanceState();
        new InstanceLifecycle(instance, T0).Create(new InstanceSpec("bot", null, 2, ImmutableDictionary<string, string>.Empty, null), 19001, "token", "2026.9.6");
        return instance;
    }

    private static InstanceState Running()
    {
        var instance = Created();
        new InstanceLifecycle(instance, T0).Ready("2026.9.6", 3.456);
        return instance;
    }

    [Fact]
    public void A_new_instance_should_run_and_is_provisioning_on_its_port()
    {
        var instance = Created();
        Assert.Equal((true, InstanceStatus.Provisioning, 19001, "2026.9.6", T0), (instance.ShouldRun, instance.Status, instance.Port, instance.TargetVersion, instance.CreatedAt));
        Assert.True(new InstanceLifecycle(instance, T0).NeedsProvisioning);
    }

    [Fact]
    public void A_ready_process_that_dies_is_restarted_and_counts_one_failed_start()
    {
        var instance = Running();
        Assert.Equal((InstanceStatus.Running, 3.46, (DateTimeOffset?)T0), (instance.Status, instance.StartupSeconds, instance.ReadyAt));

        Assert.Equal(InstanceExit.Relaunch, new InstanceLifecycle(instance, T0).Exited("exit code 1", MaxFailedStarts));
        Assert.Equal((InstanceStatus.Provisioning, 1, 1, "exit code 1", (int?)null), (instance.Status, instance.Restarts, instance.FailedStarts, instance.LastError, instance.Pid));
    }

    [Fact]
    public void Starts_that_fail_in_a_row_give_up_past_the_limit_and_a_ready_start_clears_the_count()
    {
        var instance = Created();
        for (var failed = 1; failed <= MaxFailedStarts; failed++)
        {
            Assert.Equal(InstanceExit.Relaunch, new InstanceLifecycle(instance, T0).Exited("crashed", MaxFailedStarts));
            Assert.Equal(failed, instance.FailedStarts);
        }

        Assert.Equal(InstanceExit.GaveUp, new InstanceLifecycle(instance, T0).Exited("crashed again", MaxFailedStarts));
        Assert.Equal(InstanceStatus.Error, instance.Status);
        Assert.Equal($"gave up after {MaxFailedStarts + 1} failed starts; last: crashed again", instance.LastError);
        Assert.False(new InstanceLifecycle(instance, T0).NeedsProvisioning); // an instance in error waits for a start

        new InstanceLifecycle(instance, T0).RunAgain();
        Assert.Equal(0, instance.FailedStarts);
    }

    [Fact]
    public void A_process_stopped_on_purpose_is_not_restarted_nor_counted()
    {
        var instance = Running();
        instance.ShouldRun = false;
        Assert.Equal(InstanceExit.Stopped, new InstanceLifecycle(instance, T0).Exited("stopped", MaxFailedStarts));
        Assert.Equal((0, 0, InstanceStatus.Running), (instance.Restarts, instance.FailedStarts, instance.Status));
    }

    [Fact]
    public void An_upgrade_that_starts_another_version_says_so()
    {
        var instance = Running();
        instance.Status = InstanceStatus.Upgrading;
        instance.TargetVersion = "2026.10.1";
        new InstanceLifecycle(instance, T0).Ready("OpenClaw 2026.9.6", 1);
        Assert.Equal((InstanceStatus.Running, "upgrade to 2026.10.1 asked, but the launcher runs OpenClaw 2026.9.6"), (instance.Status, instance.LastError));
    }

    [Fact]
    public void A_lost_silo_counts_as_a_restart_only_for_an_instance_that_had_been_running()
    {
        var starting = Created();
        Assert.False(new InstanceLifecycle(starting, T0).SiloLost("S2"));
        Assert.Equal(0, starting.Restarts);

        var running = Running();
        running.Silo = "S1";
        Assert.True(new InstanceLifecycle(running, T0).SiloLost("S2"));
        Assert.Equal((1, "its silo S1 stopped; provisioned again on S2"), (running.Restarts, running.LastError));
    }

    [Fact]
    public void A_destroyed_instance_refuses_actions_with_invalid_transition()
    {
        var instance = Created();
        instance.Status = InstanceStatus.Destroying;
        var refused = Assert.Throws<ClawException>(() => new InstanceLifecycle(instance, T0).EnsureNotDestroyed("i-1", "start"));
        Assert.Equal(ErrorCodes.InvalidTransition, refused.Code);
    }
}
