using System.Net;
using System.Net.Sockets;

namespace Claw.Grains.Callbacks;

/// <summary>
/// Which addresses a callback may connect to: public unicast only, unless <c>Claw:Callbacks:AllowPrivateAddresses</c>.
/// Anything else (loopback, private, shared CGNAT, link-local with the cloud metadata service, unique-local,
/// unspecified, multicast, reserved) would let whoever submits a task make every silo call the cluster's own network.
/// IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address.
/// </summary>
public static class CallbackAddressRule
{
    /// <summary>Why <paramref name="address"/> is refused, in a few words; null when it is a public address.</summary>
    public static string? Refusal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return V4(address.MapToIPv4());
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => V4(address),
            AddressFamily.InterNetworkV6 => V6(address),
            _ => "not an IP address",
        };
    }

    private static string? V4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return (b[0], b[1], b[2]) switch
        {
            (0, _, _) => "unspecified (0.0.0.0/8)",
            (10, _, _) => "private (10.0.0.0/8)",
            (100, >= 64 and < 128, _) => "shared CGNAT (100.64.0.0/10)",
            (127, _, _) => "loopback (127.0.0.0/8)",
            (169, 254, _) => "link-local (169.254.0.0/16)",
            (172, >= 16 and < 32, _) => "private (172.16.0.0/12)",
            (192, 0, 0) => "IETF protocol assignments (192.0.0.0/24)",
            (192, 168, _) => "private (192.168.0.0/16)",
            (198, 18 or 19, _) => "benchmarking (198.18.0.0/15)",
            ( >= 224 and < 240, _, _) => "multicast (224.0.0.0/4)",
            ( >= 240, _, _) => "reserved or broadcast (240.0.0.0/4)",
            _ => null,
        };
    }

    private static string? V6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Any))
        {
            return "unspecified (::)";
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return "loopback (::1)";
        }

        if (b[0] == 0xff)
        {
            return "multicast (ff00::/8)";
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        {
            return "link-local (fe80::/10)";
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
        {
            return "site-local (fec0::/10)";
        }

        if ((b[0] & 0xfe) == 0xfc)
        {
            return "unique-local (fc00::/7)";
        }

        var embedded = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 ? b[12..] // IPv4-compatible ::a.b.c.d
            : b.AsSpan(0, 12).SequenceEqual(Nat64Prefix) ? b[12..] // NAT64 64:ff9b::a.b.c.d
            : b[0] == 0x20 && b[1] == 0x02 ? b[2..6] // 6to4 2002:aabb:ccdd::
            : null;
        return embedded is null ? null : V4(new IPAddress(embedded)) is { } why ? $"{why} inside an IPv6 address" : null;
    }

    private static ReadOnlySpan<byte> Nat64Prefix => [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
}
