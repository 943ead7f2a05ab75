using Claw.Gateway.Validation;
using Microsoft.Extensions.Options;

namespace Claw.Gateway.Sockets;

/// <summary>What every WebSocket session of this gateway shares: its settings, the document limits, metrics and logger.</summary>
internal sealed class SessionServices(IOptions<SocketOptions> options, IOptions<PayloadLimits> limits, SocketMetrics metrics, ILogger<NodeSession> logger)
{
    public SocketOptions Options => options.Value;

    public PayloadLimits Limits => limits.Value;

    public SocketMetrics Metrics => metrics;

    public ILogger Logger => logger;
}
