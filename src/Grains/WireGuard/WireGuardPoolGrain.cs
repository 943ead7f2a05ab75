using Claw.Abstractions;
using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.WireGuard;
using Claw.Grains.OpenClaw;
using Microsoft.Extensions.Options;

namespace Claw.Grains.WireGuard;

/// <summary>
/// The one owner of the pool's allocations. Orleans runs a single activation of it and its calls one at a time, so two
/// requests (from any silos) never see the same free address; each change is written (with the storage's version
/// check, which refuses a write from a stale copy) before it is answered.
/// </summary>
public sealed partial class WireGuardPoolGrain(
    [PersistentState("wireguard-pool", OpenClawStorage.Name)] IPersistentState<WireGuardPoolState> state,
    IOptions<WireGuardOptions> options,
    OpenClawMetrics metrics,
    TimeProvider time,
    ILogger<WireGuardPoolGrain> logger) : Grain, IWireGuardPoolGrain
{
    private readonly Ipv4Cidr _cidr = Ipv4Cidr.Parse(options.Value.Cidr);

    private Dictionary<string, PeerRecord> Peers => state.State.Peers;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Publish();
        return Task.CompletedTask;
    }

    public async Task<WireGuardPeer> AllocateAsync(string nodeId, string publicKey)
    {
        if (!PeerConfig.IsPublicKey(publicKey))
        {
            throw ClawException.Invalid("public_key must be a WireGuard public key: 32 bytes in base64.");
        }

        if (Peers.TryGetValue(nodeId, out var held))
        {
            if (held.PublicKey != publicKey)
            {
                held.PublicKey = publicKey; // a rotated key keeps its address
                await state.WriteStateAsync();
            }

            return View(nodeId, held);
        }

        var used = Peers.Values.Select(p => _cidr.IndexOf(p.Address)).OfType<int>().ToHashSet();
        if (FreeSlots.Lowest(_cidr.Size, used) is not { } index)
        {
            throw ClawException.Conflict(ErrorCodes.PoolExhausted, $"Every address of {_cidr} ({_cidr.Size}) is allocated.");
        }

        var record = new PeerRecord { Address = _cidr.AddressAt(index), PublicKey = publicKey, AllocatedAt = time.GetUtcNow() };
        Peers[nodeId] = record;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            Peers.Remove(nodeId); // not written: not allocated
            throw;
        }

        Publish();
        LogAllocated(logger, record.Address, nodeId);
        return View(nodeId, record);
    }

    public async Task<bool> ReleaseAsync(string nodeId)
    {
        if (!Peers.Remove(nodeId, out var record))
        {
            return false;
        }

        await state.WriteStateAsync();
        Publish();
        LogReleased(logger, record.Address, nodeId);
        return true;
    }

    public Task<WireGuardPeer?> GetAsync(string nodeId) => Task.FromResult(Peers.TryGetValue(nodeId, out var record) ? View(nodeId, record) : null);

    public Task<ImmutableArray<WireGuardPeer>> ListAsync() =>
        Task.FromResult(Peers.OrderBy(p => _cidr.IndexOf(p.Value.Address) ?? int.MaxValue).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => View(p.Key, p.Value)).ToImmutableArray());

    public Task<PoolStats> StatsAsync()
    {
        var allocated = Allocated;
        return Task.FromResult(new PoolStats(_cidr.ToString(), _cidr.Size, allocated, _cidr.Size - allocated, Math.Round((double)allocated / _cidr.Size, 4)));
    }

    /// <summary>Allocations inside the configured network (ones left from an earlier network still hold their addresses).</summary>
    private int Allocated => Peers.Values.Count(p => _cidr.IndexOf(p.Address) is not null);

    private void Publish() => metrics.Pool(_cidr.Size, Allocated);

    private WireGuardPeer View(string nodeId, PeerRecord record) =>
        new(nodeId, record.Address, record.PublicKey, PeerConfig.Render(nodeId, record.PublicKey, record.Address, options.Value.PersistentKeepalive), record.AllocatedAt);

    [LoggerMessage(EventIds.WireGuardPoolAllocated, LogLevel.Information, "WireGuard address {Address} allocated to node {NodeId}")]
    private static partial void LogAllocated(ILogger logger, string address, string nodeId);

    [LoggerMessage(EventIds.WireGuardPoolReleased, LogLevel.Information, "WireGuard address {Address} of node {NodeId} freed")]
    private static partial void LogReleased(ILogger logger, string address, string nodeId);
}
