using Claw.Grains.WireGuard;

namespace Claw.Tests.WireGuard;

/// <summary>The pool's arithmetic: which addresses a network hands out, the peer block, the key check.</summary>
public sealed class AddressRulesTests
{
    [Theory]
    [InlineData("10.66.0.0/24", 253, "10.66.0.2", "10.66.0.254")]
    [InlineData("10.66.0.77/24", 253, "10.66.0.2", "10.66.0.254")] // host bits are masked off
    [InlineData("10.77.0.0/29", 5, "10.77.0.2", "10.77.0.6")]
    [InlineData("172.16.0.0/16", 65533, "172.16.0.2", "172.16.255.254")]
    public void A_network_hands_out_all_but_its_network_hub_and_broadcast_addresses(string text, int size, string first, string last)
    {
        var cidr = Ipv4Cidr.Parse(text);

        Assert.Equal(size, cidr.Size);
        Assert.Equal(first, cidr.AddressAt(0));
        Assert.Equal(last, cidr.AddressAt(size - 1));
        Assert.Equal(0, cidr.IndexOf(first));
        Assert.Null(cidr.IndexOf(cidr.HubAddress));
        Assert.Null(cidr.IndexOf("192.168.1.1"));
    }

    [Theory]
    [InlineData("10.66.0.0")]
    [InlineData("10.66.0.0/8")]
    [InlineData("10.66.0.0/31")]
    [InlineData("fd00::/64")]
    [InlineData("nonsense/24")]
    public void A_network_outside_what_the_pool_supports_is_refused(string text) => Assert.False(Ipv4Cidr.TryParse(text, out _));

    [Fact]
    public void Lowest_free_slot_is_reused_first()
    {
        Assert.Equal(1, FreeSlots.Lowest(5, new HashSet<int> { 0, 2 }));
        Assert.Null(FreeSlots.Lowest(2, new HashSet<int> { 0, 1 }));
    }

    [Fact]
    public void The_peer_block_admits_one_address()
    {
        var block = PeerConfig.Render("node-1", "k", "10.66.0.2", persistentKeepalive: null);

        Assert.Equal("[Peer]\n# node node-1\nPublicKey = k\nAllowedIPs = 10.66.0.2/32\n", block);
    }

    [Theory]
    [InlineData("yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=", true)]
    [InlineData("yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBm==", false)]
    [InlineData("yAnz5TF-lXXJte14tji3zlMNq-hd2rYUIgJBgB3fBmk=", false)]
    [InlineData("", false)]
    public void A_public_key_is_32_bytes_of_standard_base64(string key, bool valid) => Assert.Equal(valid, PeerConfig.IsPublicKey(key));
}
