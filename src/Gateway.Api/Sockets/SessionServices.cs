using Claw.Gateway.Validation;
using Microsoft.Extensions.Options;

namespace Claw.Gateway.Sockets;

/// <summary>What every WebSocket session of this gateway shares: its settings, the document limits, metrics, its send buffers, logger and the results' signature check.</summary>
internal sealed class SessionServices(IOptions<SocketOptions> options, IOptions<PayloadLimits> limits, SocketMetrics metrics, SessionBuffers buffers, ILogger<NodeSession> logger, Identity.ResultProofs proofs)
{
    public SessionBuffers Buffers => buffers;

    public SocketOptions Options => options.Value;

    public PayloadLimits Limits => limits.Value;

    public SocketMetrics Metrics => metrics;

    public ILogger Logger => logger;

    public Identity.ResultProofs Proofs => proofs;
}
