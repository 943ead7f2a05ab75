using System.Collections.Immutable;
using System.Text;
using Claw.Abstractions.Identity;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.Identity;
using NSec.Cryptography;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

/// <summary>What a capability grant lets dispatch offer, how grants change, how long records live, and the token's JWT form.</summary>
public sealed class CapabilityRuleTests
{
    private static readonly CapabilityGrant Grant = new("j1", "n1", ["gpu.infer", "shell"], ["alpha"], 2, null, T0.AddHours(1), Revoked: false, null);

    private static TaskRequirements Needs(string[]? capabilities = null, string? project = null, int? gpus = null) => TaskRequirements.None with
    {
        Capabilities = [.. capabilities ?? []],
        Labels = project is null ? ImmutableDictionary<string, string>.Empty : ImmutableDictionary<string, string>.Empty.Add(CapabilityRule.ProjectLabel, project),
        Resources = NodeResources.None with { GpuCount = gpus },
    };

    [Fact]
    public void A_node_without_a_token_is_not_limited_by_one() =>
        Assert.True(CapabilityRule.Allows(null, Needs(["anything"], "any", 8)));

    [Fact]
    public void Only_granted_capabilities_and_projects_in_scope_are_offered()
    {
        Assert.True(CapabilityRule.Allows(Grant, Needs()));
        Assert.True(CapabilityRule.Allows(Grant, Needs(["shell"])));
        Assert.True(CapabilityRule.Allows(Grant, Needs(["shell", "gpu.infer"], "alpha")));
        Assert.False(CapabilityRule.Allows(Grant, Needs(["shell", "root"])));
        Assert.False(CapabilityRule.Allows(Grant, Needs(["shell"], "beta")));
        Assert.True(CapabilityRule.Allows(Grant with { DataScope = [] }, Needs(["shell"], "beta"))); // no scope: every project
    }

    [Fact]
    public void A_revoked_or_expired_grant_offers_nothing()
    {
        Assert.False(CapabilityRule.Allows(Grant with { Revoked = true }, Needs()));
        Assert.Same(Grant, CapabilityRule.AsOf(Grant, T0.AddMinutes(59)));
        Assert.True(CapabilityRule.AsOf(Grant, T0.AddHours(1))!.Revoked);
        Assert.False(CapabilityRule.Allows(CapabilityRule.AsOf(Grant, T0.AddHours(2)), Needs()));
        Assert.Null(CapabilityRule.AsOf(null, T0));
    }

    [Fact]
    public void No_gpu_minutes_means_no_gpu_task()
    {
        var noGpu = Grant with { MaxGpuMinutes = 0 };
        Assert.False(CapabilityRule.Allows(noGpu, Needs(gpus: 1)));
        Assert.True(CapabilityRule.Allows(noGpu, Needs(gpus: 0)));
        Assert.True(CapabilityRule.Allows(Grant with { MaxGpuMinutes = 60 }, Needs(gpus: 1)));
    }

    [Fact]
    public void A_presented_token_replaces_the_grant_and_a_change_applies_only_to_the_token_held()
    {
        var newer = Grant with { Jti = "j2", ParentJti = "j1" };
        Assert.Equal(newer, CapabilityRule.Apply(Grant, newer, presented: true));
        Assert.Equal(newer, CapabilityRule.Apply(null, newer, presented: true));
        Assert.Equal(newer, CapabilityRule.Apply(newer, Grant with { Revoked = true }, presented: false)); // the old token's revocation leaves the new one
        Assert.True(CapabilityRule.Apply(Grant, Grant with { Revoked = true }, presented: false)!.Revoked);
        Assert.Null(CapabilityRule.Apply(null, Grant with { Revoked = true }, presented: false));
    }

    [Fact]
    public void The_token_caps_the_nodes_slots()
    {
        Assert.Equal(2, CapabilityRule.SlotLimit(8, Grant));
        Assert.Equal(1, CapabilityRule.SlotLimit(1, Grant));
        Assert.Equal(8, CapabilityRule.SlotLimit(8, null));
    }

    [Fact]
    public void A_record_is_kept_until_thirty_days_past_the_end_of_its_validity()
    {
        Assert.False(CapabilityRetention.CanForget(T0, T0.AddDays(30).AddSeconds(-1)));
        Assert.True(CapabilityRetention.CanForget(T0, T0.AddDays(30)));
    }

    [Fact]
    public void The_jwt_verifies_with_the_cluster_key_only_and_pins_EdDSA()
    {
        var algorithm = SignatureAlgorithm.Ed25519;
        using var cluster = Key.Create(algorithm);
        using var other = Key.Create(algorithm);
        var publicKey = Ed25519Keys.Encode(cluster.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        var input = CapabilityJwt.SigningInput("k1", Grant, T0);
        string Sign(Key key, string text) => text + "." + Ed25519Keys.Encode(algorithm.Sign(key, Encoding.ASCII.GetBytes(text)));

        Assert.Equal(("j1", "n1"), CapabilityJwt.Verify(Sign(cluster, input), "k1", publicKey));
        Assert.Equal("j1", CapabilityJwt.ClaimedJti(Sign(cluster, input)));
        Assert.Null(CapabilityJwt.Verify(Sign(other, input), "k1", publicKey));
        Assert.Null(CapabilityJwt.Verify(Sign(cluster, input), "k2", publicKey));
        var parts = input.Split('.');
        var none = Ed25519Keys.Encode(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT","kid":"k1"}"""));
        Assert.Null(CapabilityJwt.Verify(none + "." + parts[1] + ".", "k1", publicKey));
        Assert.Null(CapabilityJwt.Verify(Sign(cluster, none + "." + parts[1]), "k1", publicKey));
        var widened = Ed25519Keys.Encode(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Ed25519Keys.Decode64(parts[1])!).Replace("shell", "root", StringComparison.Ordinal)));
        Assert.Null(CapabilityJwt.Verify(parts[0] + "." + widened + "." + Sign(cluster, input).Split('.')[2], "k1", publicKey));
        Assert.Null(CapabilityJwt.Verify("garbage", "k1", publicKey));
        Assert.Null(CapabilityJwt.Verify(new string('a', CapabilityJwt.MaxTokenLength + 1), "k1", publicKey));
    }
}
