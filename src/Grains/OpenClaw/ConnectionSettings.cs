using System.Collections.Immutable;
using Claw.Grains.OpenClaw.Protocol;

namespace Claw.Grains.OpenClaw;

/// <summary>What a connection needs from its gateway's record: where, with which token, for which node and agent.</summary>
public sealed record ConnectionSettings(GatewayEndpoint Endpoint, string NodeId, string AgentId, int MaxSessions, ImmutableArray<string> Queues)
{
    /// <summary>Whether a change needs a new socket (another url or token), not just new numbers.</summary>
    public bool NeedsReconnect(ConnectionSettings other) => Endpoint.Url != other.Endpoint.Url || Endpoint.Token != other.Endpoint.Token;

    public bool SameAs(ConnectionSettings other) =>
        !NeedsReconnect(other) && NodeId == other.NodeId && AgentId == other.AgentId && MaxSessions == other.MaxSessions && Queues.SequenceEqual(other.Queues);
}
