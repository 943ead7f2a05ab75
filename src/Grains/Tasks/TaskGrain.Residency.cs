using Claw.Abstractions.Tasks;

namespace Claw.Grains.Tasks;

/// <summary>
/// A pending task stays in memory only while its silo has a place for it (<see cref="PendingResidency"/>); otherwise it
/// leaves after the call that made it pending, and the next call (normally a node's lease) reads it back.
/// </summary>
public sealed partial class TaskGrain
{
    private bool _resident;
    private long _residentBytes;

    /// <summary>Every call goes through here: the state is read first unless memory holds it, and residency is reviewed after.</summary>
    public async Task Invoke(IIncomingGrainCallContext call)
    {
        try
        {
            await _state.InvokeAsync(call, nameof(SubmitAsync), ArmApprovalTimer);
        }
        finally
        {
            ReviewResidency();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ReleaseResidency();
        return Task.CompletedTask;
    }

    /// <summary>
    /// After a call rather than after each write: a task leased in the same call as it was read must not be sent away
    /// for having been pending a moment before.
    /// </summary>
    private void ReviewResidency()
    {
        if (!_state.IsLoaded || !T.Exists || T.Status != ClawTaskStatus.Pending)
        {
            ReleaseResidency();
        }
        else if (!_resident)
        {
            _residentBytes = PendingResidency.BytesOf(T);
            _resident = residency.TryHold(_residentBytes);
            if (!_resident)
            {
                DeactivateOnIdle();
            }
        }
    }

    private void ReleaseResidency()
    {
        if (_resident)
        {
            _resident = false;
            residency.Release(_residentBytes);
        }
    }
}
