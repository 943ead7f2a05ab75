using Claw.Abstractions.WireGuard;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.WireGuard;

/// <summary>
/// <c>/api/v1/wireguard</c>: addresses from <c>Claw:WireGuard:Cidr</c> for nodes, each with the <c>[Peer]</c> block
/// that admits it on the hub. Claw hands out and frees addresses; it does not configure a WireGuard interface.
/// </summary>
public static class WireGuardEndpoints
{
    public static IEndpointRouteBuilder MapWireGuardEndpoints(this IEndpointRouteBuilder api)
    {
        var wireguard = api.MapGroup("/wireguard").WithTags("WireGuard").AddEndpointFilter<ValidationFilter>();
        wireguard.MapPost("/peers", AllocatePeer).WithName("AllocateWireGuardPeer");
        wireguard.MapGet("/peers", ListPeers).WithName("ListWireGuardPeers");
        wireguard.MapGet("/peers/{nodeId}", GetPeer).WithName("GetWireGuardPeer");
        wireguard.MapDelete("/peers/{nodeId}", ReleasePeer).WithName("ReleaseWireGuardPeer");
        wireguard.MapGet("/pool/stats", GetStats).WithName("GetWireGuardPoolStats");
        return api;
    }

    public static async Task<Created<PeerResponse>> AllocatePeer([FromBody] AllocatePeerRequest body, IGrainFactory grains) =>
        TypedResults.Created($"/api/v1/wireguard/peers/{Uri.EscapeDataString(body.NodeId!)}",
            PeerResponse.From(await Pool(grains).AllocateAsync(body.NodeId!, body.PublicKey!)));

    public static async Task<Results<Ok<PageResponse<PeerResponse>>, ProblemHttpResult>> ListPeers([AsParameters] Paging paging, IGrainFactory grains)
    {
        if (!paging.IsValid)
        {
            return Problems.Invalid("limit", $"Between 1 and {Paging.MaxLimit}; a cursor from a previous page.");
        }

        var peers = (await Pool(grains).ListAsync()).ToDictionary(p => p.NodeId, StringComparer.Ordinal);
        var (ids, next) = OpenClaw.IdPage.Slice(peers.Keys, paging);
        return TypedResults.Ok(new PageResponse<PeerResponse>(ids.Select(id => PeerResponse.From(peers[id])).ToList(), next));
    }

    public static async Task<Results<Ok<PeerResponse>, ProblemHttpResult>> GetPeer(string nodeId, IGrainFactory grains) =>
        (Results<Ok<PeerResponse>, ProblemHttpResult>)(await Pool(grains).GetAsync(nodeId) is { } peer
            ? TypedResults.Ok(PeerResponse.From(peer))
            : Problems.NotFound("peer", nodeId));

    public static async Task<Results<NoContent, ProblemHttpResult>> ReleasePeer(string nodeId, IGrainFactory grains) =>
        (Results<NoContent, ProblemHttpResult>)(await Pool(grains).ReleaseAsync(nodeId)
            ? TypedResults.NoContent()
            : Problems.NotFound("peer", nodeId));

    public static async Task<Ok<PoolStatsResponse>> GetStats(IGrainFactory grains) => TypedResults.Ok(PoolStatsResponse.From(await Pool(grains).StatsAsync()));

    private static IWireGuardPoolGrain Pool(IGrainFactory grains) => grains.GetGrain<IWireGuardPoolGrain>(IWireGuardPoolGrain.Key);
}
