using System.Text;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Identity;
using Claw.Grains.Identity;
using NSec.Cryptography;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

/// <summary>The Ed25519 verifier against RFC 8032 §7.1, and the rules of signed results: freshness, nonces, keys.</summary>
public sealed class NodeIdentityRuleTests
{
    /// <summary>RFC 8032 section 7.1, TEST 1, 2, 3 and SHA(abc): public key, message, signature (hex).</summary>
    public static TheoryData<string, string, string> Rfc8032 => new()
    {
        {
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        },
        {
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        },
        {
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        },
        {
            "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc8032))]
    public void The_verifier_accepts_the_RFC_8032_vectors_and_nothing_altered(string publicKey, string message, string signature)
    {
        var key = Ed25519Keys.Encode(Convert.FromHexString(publicKey));
        var bytes = Convert.FromHexString(message);
        var sig = Convert.FromHexString(signature);
        Assert.True(Ed25519Keys.Verify(key, bytes, Ed25519Keys.Encode(sig)));
        Assert.True(Ed25519Keys.Verify(Convert.ToBase64String(Convert.FromHexString(publicKey)), bytes, Convert.ToBase64String(sig))); // padded base64 too

        var flipped = (byte[])sig.Clone();
        flipped[^1] ^= 0x01;
        Assert.False(Ed25519Keys.Verify(key, bytes, Ed25519Keys.Encode(flipped)));
        Assert.False(Ed25519Keys.Verify(key, [.. bytes, 0x00], Ed25519Keys.Encode(sig)));
        Assert.False(Ed25519Keys.Verify(key, bytes, Ed25519Keys.Encode(sig[..63])));
        Assert.False(Ed25519Keys.Verify(Ed25519Keys.Encode(Convert.FromHexString(publicKey)[..31]), bytes, Ed25519Keys.Encode(sig)));
    }

    [Fact]
    public void A_signature_by_another_key_does_not_verify()
    {
        var algorithm = SignatureAlgorithm.Ed25519;
        using var mine = Key.Create(algorithm);
        using var other = Key.Create(algorithm);
        var message = Encoding.UTF8.GetBytes("claw-connect-v1|n|abc|1");
        var sig = Ed25519Keys.Encode(algorithm.Sign(other, message));
        Assert.False(Ed25519Keys.Verify(Ed25519Keys.Encode(mine.PublicKey.Export(KeyBlobFormat.RawPublicKey)), message, sig));
        Assert.True(Ed25519Keys.Verify(Ed25519Keys.Encode(other.PublicKey.Export(KeyBlobFormat.RawPublicKey)), message, sig));
    }

    [Fact]
    public void A_signature_is_fresh_from_five_minutes_ago_to_thirty_seconds_ahead()
    {
        var now = T0.ToUnixTimeSeconds();
        Assert.True(SignatureWindow.IsFresh(now, T0));
        Assert.True(SignatureWindow.IsFresh(now - 300, T0));
        Assert.False(SignatureWindow.IsFresh(now - 301, T0));
        Assert.True(SignatureWindow.IsFresh(now + 30, T0));
        Assert.False(SignatureWindow.IsFresh(now + 31, T0));
    }

    [Fact]
    public void A_nonce_is_admitted_once_and_forgotten_only_after_it_could_no_longer_be_fresh()
    {
        var seen = new Dictionary<string, long>();
        var ts = T0.ToUnixTimeSeconds() + 30; // signed as far ahead as allowed
        Assert.Equal(NonceLedger.Verdict.Admitted, NonceLedger.Admit(seen, "n1", ts, T0));
        Assert.Equal(NonceLedger.Verdict.Replayed, NonceLedger.Admit(seen, "n1", ts, T0));
        Assert.Equal(NonceLedger.Verdict.Replayed, NonceLedger.Admit(seen, "n1", ts, T0.AddSeconds(330))); // still fresh at +5:30
        Assert.Equal(NonceLedger.Verdict.Admitted, NonceLedger.Admit(seen, "n2", T0.ToUnixTimeSeconds() + 331, T0.AddSeconds(331)));
        Assert.False(seen.ContainsKey("n1")); // aged out: trimmed
        Assert.Single(seen);
    }

    [Fact]
    public void A_full_ledger_refuses_new_nonces()
    {
        var seen = Enumerable.Range(0, NonceLedger.MaxLive).ToDictionary(i => "n" + i, _ => T0.ToUnixTimeSeconds());
        Assert.Equal(NonceLedger.Verdict.Full, NonceLedger.Admit(seen, "one-more", T0.ToUnixTimeSeconds(), T0));
        Assert.Equal(NonceLedger.Verdict.Admitted, NonceLedger.Admit(seen, "later", T0.ToUnixTimeSeconds() + 301, T0.AddSeconds(301)));
    }

    [Fact]
    public void A_registration_gives_a_first_key_keeps_the_same_key_and_refuses_another()
    {
        var a = Ed25519Keys.Encode(Enumerable.Repeat((byte)1, 32).ToArray());
        var aPadded = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
        var b = Ed25519Keys.Encode(Enumerable.Repeat((byte)2, 32).ToArray());
        Assert.Equal(a, NodeKeyRule.OnRegister(null, a));
        Assert.Equal(a, NodeKeyRule.OnRegister(a, null));
        Assert.Equal(a, NodeKeyRule.OnRegister(a, aPadded));
        Assert.Null(NodeKeyRule.OnRegister(null, null));
        Assert.Equal(ErrorCodes.PublicKeyMismatch, Assert.Throws<ClawException>(() => NodeKeyRule.OnRegister(a, b)).Code);
    }

    [Fact]
    public void The_signed_result_text_is_the_canonical_json_of_its_fields()
    {
        var claim = new ResultClaim("t1", "t1.1", 1, ResultClaim.Result, "{\"z\":1.50,\"a\":\"é\"}", null, true);
        Assert.Equal("{\"attempt\":1,\"lease_id\":\"t1.1\",\"nonce\":\"n\",\"result\":{\"a\":\"é\",\"z\":1.5},\"task_id\":\"t1\",\"ts\":1700000000}",
            Encoding.UTF8.GetString(SignedTexts.Result(claim, 1_700_000_000, "n")));
        var failure = claim with { Member = ResultClaim.Error, ValueJson = "\"disk full\"" };
        Assert.Contains("\"error\":\"disk full\"", Encoding.UTF8.GetString(SignedTexts.Result(failure, 1, "n")), StringComparison.Ordinal);
    }
}
