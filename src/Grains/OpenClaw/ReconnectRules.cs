using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using Claw.Grains.OpenClaw.Protocol;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// How a gateway connection answers a failed connect or a closed socket: a refusal the gateway says is lasting (or a
/// close with 1008, a refused token or bad parameters) ends the connection in <c>error</c>; anything else is retried,
/// after the gateway's <c>retryAfterMs</c> when it gave one, else with exponential backoff.
/// </summary>
public static class ReconnectRules
{
    /// <summary>The close code a gateway sends when it restarts: it comes back, so does the connection.</summary>
    public const WebSocketCloseStatus ServiceRestart = (WebSocketCloseStatus)1012;

    /// <summary>True, with the code to remember, when <paramref name="failure"/> means the gateway will not take this connection until it is registered again.</summary>
    public static bool IsFatal(Exception failure, out string code)
    {
        code = failure switch
        {
            GatewayRefusedException { Retryable: false } refused => refused.DetailCode ?? refused.Code,
            GatewayClosedException { Status: WebSocketCloseStatus.PolicyViolation } => "POLICY_VIOLATION",
            _ => "",
        };
        return code.Length > 0;
    }

    /// <summary>A connected socket that the gateway closed with 1008 is refused for good too.</summary>
    public static bool IsFatal([NotNullWhen(true)] GatewayClosedException? closed) => closed?.Status == WebSocketCloseStatus.PolicyViolation;

    /// <summary>How long to wait after the <paramref name="failures"/>-th failed connect in a row.</summary>
    public static TimeSpan WaitAfter(Exception failure, int failures, TimeSpan initial, TimeSpan max) =>
        failure is GatewayRefusedException { RetryAfter: { } after } ? after : Backoff.Delay(initial, max, failures);

    /// <summary>Failed connects in a row are reported (and logged) at the first and every tenth, so a gateway that stays away does not flood its errors.</summary>
    public static bool WorthReporting(int failures) => failures == 1 || failures % 10 == 0;

    /// <summary>The error code a failed connect is reported under.</summary>
    public static string FailureCode(Exception failure) => failure is GatewayRefusedException refused ? refused.Code : "UNREACHABLE";

    /// <summary>The error code a lost connection is reported under: the gateway restarting, or anything else.</summary>
    public static string CloseCode(GatewayClosedException? closed) => closed?.Status == ServiceRestart ? "SHUTDOWN" : "DISCONNECTED";
}
