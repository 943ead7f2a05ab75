using System.Text;

namespace Claw.Gateway.Sockets;

/// <summary>
/// A WebSocket close reason fits in 123 UTF-8 bytes (RFC 6455: a control frame's 125 less the status code), and
/// <c>CloseAsync</c> throws for a longer one; reasons that name ids are cut to fit, at a character boundary.
/// </summary>
internal static class CloseReason
{
    public const int MaxBytes = 123;

    public static string Fit(string reason)
    {
        if (Encoding.UTF8.GetByteCount(reason) <= MaxBytes)
        {
            return reason;
        }

        var length = reason.Length;
        while (length > 0 && Encoding.UTF8.GetByteCount(reason.AsSpan(0, length)) > MaxBytes - 3)
        {
            length--;
        }

        if (length > 0 && char.IsHighSurrogate(reason[length - 1]))
        {
            length--; // never half a pair
        }

        return string.Concat(reason.AsSpan(0, length), "…");
    }
}
