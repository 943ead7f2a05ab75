using System.Net;
using System.Net.Sockets;

namespace Claw.Grains.WireGuard;

/// <summary>
/// An IPv4 network such as <c>10.66.0.0/24</c>, as an address pool: its network address and its first host (the
/// WireGuard hub, the "gateway" address) are reserved, and so is its broadcast address. Prefixes /16 to /30.
/// </summary>
public sealed record Ipv4Cidr(uint Network, int Prefix)
{
    public const int MinPrefix = 16;
    public const int MaxPrefix = 30;

    /// <summary>Addresses that can be handed out.</summary>
    public int Size => (int)(Span - 3);

    private uint Span => 1u << (32 - Prefix);

    public static bool TryParse(string? text, out Ipv4Cidr cidr)
    {
        cidr = new Ipv4Cidr(0, 0);
        var parts = text?.Split('/');
        if (parts is not { Length: 2 } || !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix)
            || prefix is < MinPrefix or > MaxPrefix)
        {
            return false;
        }

        var value = ToUInt(address);
        var mask = uint.MaxValue << (32 - prefix);
        cidr = new Ipv4Cidr(value & mask, prefix);
        return true;
    }

    public static Ipv4Cidr Parse(string text) => TryParse(text, out var cidr)
        ? cidr
        : throw new FormatException($"'{text}' is not an IPv4 network from /{MinPrefix} to /{MaxPrefix} (e.g. 10.66.0.0/24).");

    /// <summary>The <paramref name="index"/>-th address that can be handed out (0 → network + 2).</summary>
    public string AddressAt(int index) => ToAddress(Network + 2 + (uint)index).ToString();

    /// <summary>The pool index of <paramref name="address"/>, or null when it is not one this network hands out.</summary>
    public int? IndexOf(string address)
    {
        if (!IPAddress.TryParse(address, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetwork)
        {
            return null;
        }

        var offset = (long)ToUInt(parsed) - Network - 2;
        return offset >= 0 && offset < Size ? (int)offset : null;
    }

    public string HubAddress => ToAddress(Network + 1).ToString();

    public override string ToString() => $"{ToAddress(Network)}/{Prefix}";

    private static uint ToUInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }

    private static IPAddress ToAddress(uint value) => new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
