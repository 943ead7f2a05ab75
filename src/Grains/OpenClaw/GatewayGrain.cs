using Claw.Abstractions;
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.OpenClaw;
using Claw.Grains.OpenClaw.Protocol;
using Claw.Grains.Timing;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// A registered gateway: its record, its node, and the connection its silo holds. While it should be connected a grain
/// timer (which keeps the grain active) makes sure the connection exists here; a reminder brings the grain back after
/// its silo died, and activating is enough to open the connection on the new silo. Instance-backed gateways are
/// connected by their instance grain, beside the process.
/// </summary>
[Orleans.Placement.PreferLocalPlacement] // activated where it is first called (the silo serving the request); a reminder brings it back elsewhere
public sealed partial class GatewayGrain(
    [PersistentState("openclaw-gateway", OpenClawStorage.Name)] IPersistentState<GatewayState> state,
    OpenClawConnections connections,
    DeviceKeys devices,
    IOptions<OpenClawOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<GatewayGrain> logger) : Grain, IOpenClawGatewayGrain, IRemindable
{
    private const string WatchReminder = "openclaw-watch";
    private const int ErrorsKept = 20;

    private readonly List<GatewayError> _errors = [];
    private ConnectionReport? _report;
    private DateTimeOffset _reportAt;
    private DateTimeOffset _activatedAt;
    private DateTimeOffset? _servingAt;
    private GrainDeadline? _deadline;

    private string GatewayId => this.GetPrimaryKeyString();

    private GatewayState G => state.State;

    private OpenClawOptions Options => options.Value;

    private INodeGrain Node => GrainFactory.GetGrain<INodeGrain>(GatewayId);

    private bool ConnectsHere => G.IsRegistered && !G.Paused && G.Error is null && G.InstanceId is null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = time.GetUtcNow();
        Watch();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (G.IsRegistered && G.InstanceId is null)
        {
            // The next activation, maybe on another silo, connects again.
            await connections.StopAsync(GatewayId, quietly: reason.ReasonCode == DeactivationReasonCode.ShuttingDown);
        }
    }

    public async Task<GatewayRegistration> RegisterAsync(GatewaySpec spec)
    {
        if (G.IsRegistered && spec.IdempotencyFingerprint is { } fingerprint)
        {
            return fingerprint == G.IdempotencyFingerprint
                ? new GatewayRegistration(View()!, Replayed: true)
                : throw ClawException.Conflict(ErrorCodes.IdempotencyConflict, "This idempotency key was used with a different request body.");
        }

        if (await Node.GetAsync() is { } node && node.Kind != OpenClawNames.NodeKind)
        {
            throw ClawException.Conflict(ErrorCodes.NodeIdTaken, $"A node '{GatewayId}' that is not a gateway is registered; a gateway is a node under its own id.");
        }

        var isNew = !G.IsRegistered;
        G.Apply(spec);
        G.CreatedAt = isNew ? time.GetUtcNow() : G.CreatedAt;
        G.Error = null;
        G.ErrorAt = null;
        await state.WriteStateAsync();
        await Node.RegisterAsync(NodeRegistration());
        await GrainFactory.GetGrain<IOpenClawDirectoryGrain>(OpenClawNames.DirectoryKey).AddAsync(new OpenClawEntry(OpenClawEntryKind.Gateway, GatewayId));
        await Watchdog.BackstopAsync(Options.WatchPeriod);
        _report = null;
        Watch();
        LogRegistered(logger, GatewayId, spec.Url, isNew);
        return new GatewayRegistration(View()!, Replayed: false);
    }

    public Task<GatewayView?> GetAsync() => Task.FromResult(View());

    public async Task DeleteAsync()
    {
        EnsureRegistered();
        if (G.InstanceId is not null && !G.Paused)
        {
            throw ClawException.Conflict(ErrorCodes.InvalidTransition,
                $"Gateway '{GatewayId}' belongs to a running managed instance: stop or destroy the instance instead.");
        }

        StopWatching();
        await connections.StopAsync(GatewayId);
        await Node.DeregisterAsync();
        await GrainFactory.GetGrain<IOpenClawDirectoryGrain>(OpenClawNames.DirectoryKey).RemoveAsync(new OpenClawEntry(OpenClawEntryKind.Gateway, GatewayId));
        await Watchdog.StopAsync();
        await state.ClearStateAsync();
        LogDeleted(logger, GatewayId);
        DeactivateOnIdle();
    }

    public async Task<GatewayProbeResult> ProbeAsync()
    {
        EnsureRegistered();
        return await GatewayProbe.RunAsync(new GatewayEndpoint(new Uri(G.Url), G.Token), devices);
    }

    public async Task ReportAsync(ConnectionReport report)
    {
        if (!G.IsRegistered)
        {
            return;
        }

        _report = report;
        _reportAt = time.GetUtcNow();
        if (report.Status is GatewayStatus.Online or GatewayStatus.Degraded)
        {
            _servingAt = _reportAt;
        }

        _errors.AddRange(report.NewErrors);
        _errors.RemoveRange(0, Math.Max(0, _errors.Count - ErrorsKept));
        if (report.Status == GatewayStatus.Error && G.Error is null && report.NewErrors.LastOrDefault() is { } refusal)
        {
            // A lasting refusal is remembered, so no silo connects again until the gateway is registered again.
            G.Error = $"{refusal.Code}: {refusal.Message}";
            G.ErrorAt = refusal.At;
            await state.WriteStateAsync();
            Watch();
        }
    }

    public async Task SetPausedAsync(bool paused)
    {
        EnsureRegistered();
        if (G.Paused != paused)
        {
            G.Paused = paused;
            await state.WriteStateAsync();
        }

        if (paused && G.InstanceId is null)
        {
            await connections.StopAsync(GatewayId);
        }

        Watch();
    }

    public Task<bool> IsServingAsync()
    {
        var now = time.GetUtcNow();
        var serving = G.IsRegistered && !G.Paused && G.Error is null
            && (Status() is GatewayStatus.Online or GatewayStatus.Degraded || now - (_servingAt ?? _activatedAt) < Options.SessionGrace);
        return Task.FromResult(serving);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!G.IsRegistered)
        {
            return Watchdog.StopAsync();
        }

        Watch(); // being active is the point: the connection opens on this silo
        return Task.CompletedTask;
    }

    /// <summary>Keeps the connection (and this grain) alive while the gateway should be connected from here; lets the grain rest otherwise.</summary>
    private void Watch()
    {
        if (ConnectsHere)
        {
            connections.Ensure(GatewayId, Settings());
        }

        if (ConnectsHere || _adoptions.Count > 0)
        {
            Watchdog.CheckEvery(Options.ReportInterval, keepAlive: true);
        }
        else
        {
            StopWatching();
        }
    }

    private void StopWatching() => Watchdog.StopTimer();

    /// <summary>The keep-alive timer (ensures the connection, adopts waiting tasks) and the reminder that brings the grain back.</summary>
    private GrainDeadline Watchdog => _deadline ??= new(this, WatchReminder, reminderOptions.Value.MinimumReminderPeriod, time, TickAsync);

    private async Task TickAsync()
    {
        if (ConnectsHere)
        {
            connections.Ensure(GatewayId, Settings());
        }

        await AdoptWaitingAsync();
        Watch();
    }

    private ConnectionSettings Settings() => new(
        new GatewayEndpoint(new Uri(G.Url), G.Token),
        GatewayId,
        G.AgentId,
        G.MaxConcurrentSessions,
        [.. G.Queues]);

    private NodeRegistration NodeRegistration() => new(
        G.Name!,
        G.AllCapabilities,
        NodeResources.None,
        [],
        G.Labels.ToImmutableDictionary(),
        PublicKey: null,
        G.MaxConcurrentSessions,
        G.SwarmId,
        new JsonObject { ["gateway_id"] = GatewayId, ["url"] = G.Url, ["agent_id"] = G.AgentId, ["instance_id"] = G.InstanceId }.ToJsonString(),
        Kind: OpenClawNames.NodeKind);

    private GatewayStatus Status()
    {
        if (G.Error is not null)
        {
            return GatewayStatus.Error;
        }

        if (G.Paused)
        {
            return GatewayStatus.Offline;
        }

        if (_report is null)
        {
            return GatewayStatus.Connecting;
        }

        return time.GetUtcNow() - _reportAt > 3 * Options.ReportInterval ? GatewayStatus.Offline : _report.Status;
    }

    private GatewayView? View()
    {
        if (!G.IsRegistered)
        {
            return null;
        }

        var status = Status();
        var live = status is GatewayStatus.Online or GatewayStatus.Degraded ? _report : null;
        return new GatewayView(
            GatewayId,
            G.Name!,
            G.Url,
            GatewayId,
            status,
            _report?.ServerVersion,
            live?.ActiveSessions ?? 0,
            G.MaxConcurrentSessions,
            LastError(),
            live?.ConnectedAt,
            G.AgentId,
            G.InstanceId,
            _report?.Reconnects ?? 0,
            G.AllCapabilities,
            G.Labels.ToImmutableDictionary(),
            G.SwarmId,
            G.CreatedAt,
            [.. _errors],
            _report?.TurnsCompleted ?? 0,
            _report?.TurnsFailed ?? 0,
            [.. G.Queues]);
    }

    private string? LastError() =>
        G.Error ?? (_errors.Count > 0 ? $"{_errors[^1].Code}: {_errors[^1].Message}" : null);

    private void EnsureRegistered()
    {
        if (!G.IsRegistered)
        {
            throw ClawException.NotFound("gateway", GatewayId);
        }
    }

    [LoggerMessage(EventIds.OpenClawGatewayRegistered, LogLevel.Information, "OpenClaw gateway {GatewayId} registered at {Url} (new: {IsNew})")]
    private static partial void LogRegistered(ILogger logger, string gatewayId, string url, bool isNew);

    [LoggerMessage(EventIds.OpenClawGatewayDeleted, LogLevel.Information, "OpenClaw gateway {GatewayId} deleted")]
    private static partial void LogDeleted(ILogger logger, string gatewayId);
}
