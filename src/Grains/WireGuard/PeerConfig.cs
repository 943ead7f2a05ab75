using System.Text;

namespace Claw.Grains.WireGuard;

/// <summary>The wg-quick <c>[Peer]</c> block that admits one node on the hub's interface (its address as a /32).</summary>
public static class PeerConfig
{
    public static string Render(string nodeId, string publicKey, string address, int? persistentKeepalive)
    {
        var block = new StringBuilder()
            .Append("[Peer]\n")
            .Append("# node ").Append(nodeId.Replace('\n', ' ')).Append('\n')
            .Append("PublicKey = ").Append(publicKey).Append('\n')
            .Append("AllowedIPs = ").Append(address).Append("/32\n");
        if (persistentKeepalive is { } seconds)
        {
            block.Append("PersistentKeepalive = ").Append(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        return block.ToString();
    }

    /// <summary>A WireGuard (Curve25519) public key: 32 bytes in standard base64.</summary>
    public static bool IsPublicKey(string? text)
    {
        Span<byte> bytes = stackalloc byte[48];
        return text is { Length: 44 } && Convert.TryFromBase64String(text, bytes, out var written) && written == 32;
    }
}
