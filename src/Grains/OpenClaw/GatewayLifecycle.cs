using Claw.Abstractions.Errors;
using Claw.Abstractions.OpenClaw;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// The rules of one gateway's record, apart from connecting anything (<see cref="GatewayGrain"/> writes, the silo's
/// connection talks to the gateway): registering it again, pausing, deleting, and a lasting refusal.
/// </summary>
public sealed class GatewayLifecycle(GatewayState gateway, DateTimeOffset now)
{
    private GatewayState G => gateway;

    /// <summary>Whether this silo should hold the connection: registered, not paused, not refused for good, not an instance's (the instance grain connects those).</summary>
    public bool ConnectsHere => G.IsRegistered && !G.Paused && G.Error is null && G.InstanceId is null;

    /// <summary>
    /// True when <paramref name="spec"/> repeats the registration under the same idempotency key; a key used with another
    /// body is refused. False when this is a registration to carry out.
    /// </summary>
    public bool Replays(GatewaySpec spec)
    {
        if (!G.IsRegistered || spec.IdempotencyFingerprint is not { } fingerprint)
        {
            return false;
        }

        return fingerprint == G.IdempotencyFingerprint
            ? true
            : throw ClawException.Conflict(ErrorCodes.IdempotencyConflict, "This idempotency key was used with a different request body.");
    }

    /// <summary>Registers the gateway as <paramref name="spec"/> says, ending a lasting refusal; true when it is new.</summary>
    public bool Register(GatewaySpec spec)
    {
        var isNew = !G.IsRegistered;
        G.Apply(spec);
        G.CreatedAt = isNew ? now : G.CreatedAt;
        G.Error = null;
        G.ErrorAt = null;
        return isNew;
    }

    /// <summary>
    /// A report of a connection the gateway refused: the refusal is remembered, so no silo connects again until the
    /// gateway is registered again. True when the record changed.
    /// </summary>
    public bool RememberRefusal(ConnectionReport report)
    {
        if (report.Status != GatewayStatus.Error || G.Error is not null || report.NewErrors.LastOrDefault() is not { } refusal)
        {
            return false;
        }

        G.Error = $"{refusal.Code}: {refusal.Message}";
        G.ErrorAt = refusal.At;
        return true;
    }

    /// <summary>Pauses or resumes; true when the record changed.</summary>
    public bool SetPaused(bool paused)
    {
        if (G.Paused == paused)
        {
            return false;
        }

        G.Paused = paused;
        return true;
    }

    /// <summary>A running managed instance's gateway goes with its instance, never on its own.</summary>
    public void EnsureDeletable(string gatewayId)
    {
        EnsureRegistered(gatewayId);
        if (G.InstanceId is not null && !G.Paused)
        {
            throw ClawException.Conflict(ErrorCodes.InvalidTransition,
                $"Gateway '{gatewayId}' belongs to a running managed instance: stop or destroy the instance instead.");
        }
    }

    public void EnsureRegistered(string gatewayId)
    {
        if (!G.IsRegistered)
        {
            throw ClawException.NotFound("gateway", gatewayId);
        }
    }
}
