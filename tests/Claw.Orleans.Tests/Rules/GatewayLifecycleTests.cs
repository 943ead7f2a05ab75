using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.OpenClaw;
using Claw.Grains.OpenClaw;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

/// <summary>A gateway record's rules: registering again under an idempotency key, a lasting refusal, pausing, deleting.</summary>
public sealed class GatewayLifecycleTests
{
    private const string GatewayId = "gw-1";

    private static GatewaySpec Spec(string url = "ws://127.0.0.1:18789", string? fingerprint = null, string? instanceId = null) =>
        new("gw", url, "tok", "main", 2, ["code"], ImmutableDictionary<string, string>.Empty, null, instanceId, fingerprint);

    private static GatewayState Registered(string? fingerprint = null, string? instanceId = null)
    {
        var gateway = new GatewayState();
        new GatewayLifecycle(gateway, T0).Register(Spec(fingerprint: fingerprint, instanceId: instanceId));
        return gateway;
    }

    private static ConnectionReport Report(GatewayStatus status, params GatewayError[] errors) =>
        new("conn-1", status, "2026.9.6", T0, 0, 0, 0, 0, [.. errors]);

    [Fact]
    public void A_new_gateway_is_registered_with_default_queue_and_connects_here()
    {
        var gateway = new GatewayState();
        Assert.True(new GatewayLifecycle(gateway, T0).Register(Spec()));
        Assert.Equal((true, T0, "default"), (gateway.IsRegistered, gateway.CreatedAt, gateway.Queues.Single()));
        Assert.True(new GatewayLifecycle(gateway, T0).ConnectsHere);
    }

    [Fact]
    public void Registering_again_keeps_the_creation_time_and_ends_a_lasting_refusal()
    {
        var gateway = Registered();
        new GatewayLifecycle(gateway, T0).RememberRefusal(Report(GatewayStatus.Error, new GatewayError(T0, "AUTH", "bad token")));

        Assert.False(new GatewayLifecycle(gateway, T0.AddHours(1)).Register(Spec(url: "ws://127.0.0.1:18790")));
        Assert.Equal((T0, (string?)null, (DateTimeOffset?)null, "ws://127.0.0.1:18790"), (gateway.CreatedAt, gateway.Error, gateway.ErrorAt, gateway.Url));
    }

    [Fact]
    public void The_same_idempotency_key_replays_and_another_body_under_it_is_refused()
    {
        var gateway = Registered(fingerprint: "fp-1");
        Assert.True(new GatewayLifecycle(gateway, T0).Replays(Spec(fingerprint: "fp-1")));
        Assert.False(new GatewayLifecycle(gateway, T0).Replays(Spec())); // no key: registered again
        Assert.False(new GatewayLifecycle(new GatewayState(), T0).Replays(Spec(fingerprint: "fp-1"))); // nothing to replay yet

        var refused = Assert.Throws<ClawException>(() => new GatewayLifecycle(gateway, T0).Replays(Spec(fingerprint: "fp-2")));
        Assert.Equal(ErrorCodes.IdempotencyConflict, refused.Code);
    }

    [Fact]
    public void An_error_report_is_remembered_once_with_its_last_refusal_and_stops_connecting()
    {
        var gateway = Registered();
        var life = new GatewayLifecycle(gateway, T0);
        Assert.False(life.RememberRefusal(Report(GatewayStatus.Connecting, new GatewayError(T0, "UNREACHABLE", "refused"))));
        Assert.False(life.RememberRefusal(Report(GatewayStatus.Error))); // an error without a reason changes nothing

        Assert.True(life.RememberRefusal(Report(GatewayStatus.Error, new GatewayError(T0, "X", "first"), new GatewayError(T0.AddSeconds(1), "AUTH", "bad token"))));
        Assert.Equal(("AUTH: bad token", (DateTimeOffset?)T0.AddSeconds(1)), (gateway.Error, gateway.ErrorAt));
        Assert.False(life.RememberRefusal(Report(GatewayStatus.Error, new GatewayError(T0.AddSeconds(2), "OTHER", "later")))); // the first refusal stays
        Assert.Equal("AUTH: bad token", gateway.Error);
        Assert.False(life.ConnectsHere);
    }

    [Fact]
    public void Pausing_changes_the_record_once_and_stops_connecting()
    {
        var gateway = Registered();
        Assert.True(new GatewayLifecycle(gateway, T0).SetPaused(true));
        Assert.False(new GatewayLifecycle(gateway, T0).SetPaused(true));
        Assert.False(new GatewayLifecycle(gateway, T0).ConnectsHere);
        Assert.True(new GatewayLifecycle(gateway, T0).SetPaused(false));
        Assert.True(new GatewayLifecycle(gateway, T0).ConnectsHere);
    }

    [Fact]
    public void An_instance_gateway_is_connected_by_its_instance_and_deleted_only_when_paused()
    {
        var gateway = Registered(instanceId: GatewayId);
        Assert.False(new GatewayLifecycle(gateway, T0).ConnectsHere);

        var refused = Assert.Throws<ClawException>(() => new GatewayLifecycle(gateway, T0).EnsureDeletable(GatewayId));
        Assert.Equal(ErrorCodes.InvalidTransition, refused.Code);
        gateway.Paused = true;
        new GatewayLifecycle(gateway, T0).EnsureDeletable(GatewayId);
    }

    [Fact]
    public void An_unregistered_gateway_is_not_found()
    {
        var refused = Assert.Throws<ClawException>(() => new GatewayLifecycle(new GatewayState(), T0).EnsureDeletable(GatewayId));
        Assert.Equal((404, ErrorCodes.NotFound), (refused.Status, refused.Code));
        Assert.False(new GatewayLifecycle(new GatewayState(), T0).ConnectsHere);
    }
}
