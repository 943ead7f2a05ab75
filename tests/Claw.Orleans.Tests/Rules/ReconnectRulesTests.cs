using System.Net.WebSockets;
using Claw.Grains.OpenClaw;
using Claw.Grains.OpenClaw.Protocol;

namespace Claw.Tests.Rules;

/// <summary>How a gateway connection answers a failed connect or a closed socket: give up for good, or wait and retry.</summary>
public sealed class ReconnectRulesTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(3);

    [Fact]
    public void A_refusal_the_gateway_calls_lasting_is_fatal_under_its_finest_code()
    {
        Assert.True(ReconnectRules.IsFatal(new GatewayRefusedException("INVALID_REQUEST", "bad token", retryable: false, null, "AUTH_TOKEN_MISMATCH"), out var detailed));
        Assert.Equal("AUTH_TOKEN_MISMATCH", detailed);
        Assert.True(ReconnectRules.IsFatal(new GatewayRefusedException("FORBIDDEN", "no", retryable: false, null, null), out var plain));
        Assert.Equal("FORBIDDEN", plain);
        Assert.True(ReconnectRules.IsFatal(new GatewayClosedException(WebSocketCloseStatus.PolicyViolation, "bad params"), out var policy));
        Assert.Equal("POLICY_VIOLATION", policy);
    }

    [Fact]
    public void Retryable_refusals_lost_sockets_and_restarts_are_not_fatal()
    {
        Assert.False(ReconnectRules.IsFatal(new GatewayRefusedException("UNAVAILABLE", "busy", retryable: true, TimeSpan.FromSeconds(2), null), out _));
        Assert.False(ReconnectRules.IsFatal(new GatewayClosedException(ReconnectRules.ServiceRestart, "restart"), out _));
        Assert.False(ReconnectRules.IsFatal(new HttpRequestException("connection refused"), out var code));
        Assert.Equal("", code);
        Assert.False(ReconnectRules.IsFatal(closed: null));
        Assert.False(ReconnectRules.IsFatal(new GatewayClosedException(null, "dropped")));
        Assert.True(ReconnectRules.IsFatal(new GatewayClosedException(WebSocketCloseStatus.PolicyViolation, "bad params")));
    }

    [Fact]
    public void The_gateways_own_wait_comes_first_else_exponential_backoff()
    {
        var busy = new GatewayRefusedException("UNAVAILABLE", "busy", retryable: true, TimeSpan.FromSeconds(7), null);
        Assert.Equal(TimeSpan.FromSeconds(7), ReconnectRules.WaitAfter(busy, 5, Initial, Max));

        var unreachable = new HttpRequestException("connection refused");
        Assert.Equal(Initial, ReconnectRules.WaitAfter(unreachable, 1, Initial, Max));
        Assert.Equal(4 * Initial, ReconnectRules.WaitAfter(unreachable, 3, Initial, Max));
        Assert.Equal(Max, ReconnectRules.WaitAfter(unreachable, 10, Initial, Max));
    }

    [Fact]
    public void Failures_in_a_row_are_reported_at_the_first_and_every_tenth_under_their_code()
    {
        Assert.Equal([1, 10, 20, 30], Enumerable.Range(1, 35).Where(ReconnectRules.WorthReporting));
        Assert.Equal("UNAVAILABLE", ReconnectRules.FailureCode(new GatewayRefusedException("UNAVAILABLE", "busy", retryable: true, null, null)));
        Assert.Equal("UNREACHABLE", ReconnectRules.FailureCode(new HttpRequestException("connection refused")));
    }

    [Fact]
    public void A_restart_close_is_a_shutdown_anything_else_a_disconnect()
    {
        Assert.Equal("SHUTDOWN", ReconnectRules.CloseCode(new GatewayClosedException(ReconnectRules.ServiceRestart, "restart")));
        Assert.Equal("DISCONNECTED", ReconnectRules.CloseCode(new GatewayClosedException(WebSocketCloseStatus.NormalClosure, "bye")));
        Assert.Equal("DISCONNECTED", ReconnectRules.CloseCode(null));
    }
}
