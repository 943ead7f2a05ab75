using Claw.Abstractions.Tasks;
using Claw.Grains.Callbacks;
using Claw.Grains.Events;
using Claw.Grains.Storage;

namespace Claw.Tests.Rules;

public sealed class StatusEventsTests
{
    [Theory]
    [InlineData("node", StateWrite.Insert, null, "offline", "node.registered")]
    [InlineData("node", StateWrite.Update, "online", "offline", "node.crashed")]
    [InlineData("node", StateWrite.Update, "offline", "online", "node.online")]
    [InlineData("node", StateWrite.Update, "online", "draining", "node.draining")]
    [InlineData("node", StateWrite.Delete, "online", "online", "node.deregistered")]
    [InlineData("workflow", StateWrite.Insert, null, "pending", "workflow.created")]
    [InlineData("workflow", StateWrite.Update, "pending", "in_progress", "workflow.started")]
    [InlineData("workflow", StateWrite.Update, "in_progress", "failed", "workflow.failed")]
    [InlineData("workflow", StateWrite.Delete, "completed", "completed", "workflow.deleted")]
    [InlineData("swarm", StateWrite.Insert, null, "provisioning", "swarm.created")]
    [InlineData("swarm", StateWrite.Update, "provisioning", "running", "swarm.running")]
    [InlineData("swarm", StateWrite.Update, "running", "paused", "swarm.paused")]
    [InlineData("swarm", StateWrite.Update, "paused", "running", "swarm.resumed")]
    [InlineData("swarm", StateWrite.Update, "running", "stopped", "swarm.stopped")]
    public void A_write_that_creates_deletes_or_changes_the_status_makes_its_event(string kind, StateWrite write, string? before, string after, string expected) =>
        Assert.Equal([expected], StatusEvents.Of(kind, write, before, after));

    [Fact]
    public void A_workflow_created_started_makes_both_events_and_a_write_without_a_change_none()
    {
        Assert.Equal(["workflow.created", "workflow.started"], StatusEvents.Of("workflow", StateWrite.Insert, null, "in_progress"));
        Assert.Empty(StatusEvents.Of("node", StateWrite.Update, "online", "online"));
        Assert.Empty(StatusEvents.Of("swarm", StateWrite.Update, null, "paused")); // storage never held this object
    }

    [Theory]
    [InlineData(null, ClawTaskStatus.Completed, true)]
    [InlineData("in_progress", ClawTaskStatus.Completed, true)]
    [InlineData("assigned", ClawTaskStatus.Failed, true)]
    [InlineData("pending", ClawTaskStatus.Cancelled, true)]
    [InlineData("completed", ClawTaskStatus.Completed, false)] // a repeated write of an ended task owes nothing more
    [InlineData("failed", ClawTaskStatus.Cancelled, false)]
    [InlineData("in_progress", ClawTaskStatus.Pending, false)]
    public void A_callback_is_owed_once_per_step_from_a_running_status_to_an_ended_one(string? stored, ClawTaskStatus status, bool owed) =>
        Assert.Equal(owed, CallbackTable.IsOwed(stored, status));
}
