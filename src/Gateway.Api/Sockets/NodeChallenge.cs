using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;

namespace Claw.Gateway.Sockets;

/// <summary>One control-channel challenge: 32 random bytes (base64url) and the server's time in Unix seconds.</summary>
internal sealed record NodeChallenge(string Nonce, long Ts)
{
    /// <summary><c>ts</c> as the frame writes it, the form the node signs.</summary>
    public string TsText => Ts.ToString(CultureInfo.InvariantCulture);

    public static NodeChallenge New(TimeProvider time) =>
        new(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), time.GetUtcNow().ToUnixTimeSeconds());
}
