using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Claw.Grains.OpenClaw;
using Claw.Grains.OpenClaw.Protocol;
using NSec.Cryptography;

namespace Claw.Tests.OpenClaw;

/// <summary>The connector's plain rules, without a gateway: the device proof, the task payload, outcomes, backoff, lanes.</summary>
public sealed class ProtocolRulesTests
{
    [Fact]
    public void The_device_proof_signs_the_v3_payload_with_the_key_whose_hash_is_the_device_id()
    {
        using var device = DeviceIdentity.FromSeed(DeviceIdentity.NewSeed());
        var proof = new ConnectProof(device.Id, "gateway-client", "backend", "operator", ["operator.read", "operator.write"], 1795515639611, "tok", "n-1", "Linux", null);

        var payload = proof.Payload();
        var signature = device.Sign(payload);

        Assert.Equal($"v3|{device.Id}|gateway-client|backend|operator|operator.read,operator.write|1795515639611|tok|n-1|linux|", payload);
        var publicKey = Base64Url.DecodeFromChars(device.PublicKey);
        Assert.Equal(32, publicKey.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(publicKey)), device.Id);
        var key = PublicKey.Import(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey);
        Assert.True(SignatureAlgorithm.Ed25519.Verify(key, Encoding.UTF8.GetBytes(payload), Base64Url.DecodeFromChars(signature)));
        Assert.False(SignatureAlgorithm.Ed25519.Verify(key, Encoding.UTF8.GetBytes(payload + "x"), Base64Url.DecodeFromChars(signature)));
    }

    [Fact]
    public void The_same_seed_is_the_same_device_on_every_silo()
    {
        var seed = DeviceIdentity.NewSeed();
        using var one = DeviceIdentity.FromSeed(seed);
        using var two = DeviceIdentity.FromSeed(seed);

        Assert.Equal(one.Id, two.Id);
        Assert.Equal(one.Sign("x"), two.Sign("x")); // Ed25519 signatures are deterministic
    }

    [Theory]
    [InlineData("""{"message":"hi"}""", null)]
    [InlineData("""{"message":"hi","session_key":"wf-1","agent_id":"ops","timeout_seconds":30}""", null)]
    [InlineData(null, "payload.message")]
    [InlineData("[1]", "payload.message")]
    [InlineData("""{"message":""}""", "payload.message")]
    [InlineData("""{"message":"hi","session_key":""}""", "payload.session_key")]
    [InlineData("""{"message":"hi","timeout_seconds":0}""", "payload.timeout_seconds")]
    [InlineData("not json", "not JSON")]
    public void A_payload_needs_a_message_and_sane_options(string? json, string? error)
    {
        var payload = AgentPayload.Parse(json, out var reason);

        if (error is null)
        {
            Assert.NotNull(payload);
            Assert.Null(reason);
        }
        else
        {
            Assert.Null(payload);
            Assert.Contains(error, reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("main", "wf-1", "agent:main:claw:wf-1")]
    [InlineData("ops", "wf-1", "agent:ops:claw:wf-1")]
    [InlineData("main", "agent:main:probe", "agent:main:probe")]
    public void A_claw_session_key_lives_under_its_agent_on_the_gateway(string agent, string key, string expected) =>
        Assert.Equal(expected, AgentPayload.GatewaySessionKey(agent, key));

    [Fact]
    public void A_turn_without_a_session_gets_one_of_its_own_per_attempt() =>
        Assert.Equal("agent:ops:claw-task:t-1:2", AgentPayload.OwnSessionKey("ops", "t-1", 2));

    [Fact]
    public void An_ok_final_answer_completes_with_text_run_session_stop_reason_and_usage()
    {
        var final = Json("""{"runId":"t:1","status":"ok","summary":"completed","result":{"payloads":[{"text":"Hello."},{"text":"Again."}],"meta":{"agentMeta":{"provider":"fake","model":"m","usage":{"output":8}}}}}""");

        var outcome = AgentOutcome.From(final, "t:1", "agent:main:x", "stop");

        Assert.True(outcome.Completed);
        var result = Json(outcome.ResultJson!);
        Assert.Equal("Hello.\n\nAgain.", result.GetProperty("text").GetString());
        Assert.Equal("t:1", result.GetProperty("run_id").GetString());
        Assert.Equal("agent:main:x", result.GetProperty("session_key").GetString());
        Assert.Equal("stop", result.GetProperty("stop_reason").GetString());
        Assert.Equal(8, result.GetProperty("usage").GetProperty("output").GetInt32());
    }

    [Fact]
    public void Any_other_final_status_fails_the_task_retriably_with_the_gateways_words()
    {
        var outcome = AgentOutcome.From(Json("""{"status":"timeout","summary":"aborted","stopReason":"rpc"}"""), "t:1", null, null);
        var refused = AgentOutcome.Refused(new GatewayRefusedException("INVALID_REQUEST", "invalid agent params", retryable: false, null, null));

        Assert.False(outcome.Completed);
        Assert.True(outcome.Retriable);
        Assert.Equal("TIMEOUT: the agent turn ended 'timeout' (aborted)", outcome.Error);
        Assert.False(refused.Retriable);
        Assert.Equal("INVALID_REQUEST: invalid agent params", refused.Error);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(5, 16000)]
    [InlineData(6, 30000)]
    [InlineData(60, 30000)]
    public void Backoff_doubles_up_to_its_cap(int failures, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Backoff.Delay(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), failures));

    [Fact]
    public async Task A_sessions_lane_lets_one_turn_in_at_a_time_and_other_sessions_pass()
    {
        var lanes = new SessionLanes();
        var first = await lanes.EnterAsync("a", CancellationToken.None);
        var second = lanes.EnterAsync("a", CancellationToken.None);
        var other = lanes.EnterAsync("b", CancellationToken.None);

        Assert.True(other.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        (await other).Dispose();
        Assert.Equal(0, lanes.Busy);
    }

    [Fact]
    public async Task A_turn_that_gives_up_waiting_leaves_the_lane_free()
    {
        var lanes = new SessionLanes();
        var held = await lanes.EnterAsync("a", CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = lanes.EnterAsync("a", cancel.Token);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        Assert.Equal(0, lanes.Busy);
        (await lanes.EnterAsync("a", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
