using System.Security.Cryptography;
using System.Text;
using Claw.Abstractions.Identity;
using Claw.Grains.Storage;
using NSec.Cryptography;

namespace Claw.Grains.Identity;

/// <summary>
/// Holds the cluster's token-signing key: generated on first use and written before it signs anything, so every silo
/// (whichever hosts this grain after a failover) signs and verifies with the same key.
/// </summary>
public sealed partial class ClusterKeyGrain(
    [PersistentState("cluster-key", AdoNetGrainStorage.ProviderName)] IPersistentState<ClusterKeyState> state,
    TimeProvider time,
    ILogger<ClusterKeyGrain> logger) : Grain, IClusterKeyGrain
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private Key? _key;

    public async Task<(string Kid, string Signature)> SignAsync(string signingInput)
    {
        var key = await KeyAsync();
        return (state.State.Kid!, Ed25519Keys.Encode(Ed25519.Sign(key, Encoding.ASCII.GetBytes(signingInput))));
    }

    public async Task<(string Kid, string PublicKey)> GetPublicKeyAsync()
    {
        var key = await KeyAsync();
        return (state.State.Kid!, Ed25519Keys.Encode(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _key?.Dispose();
        return Task.CompletedTask;
    }

    private async Task<Key> KeyAsync()
    {
        if (_key is not null)
        {
            return _key;
        }

        if (state.State.Seed is null)
        {
            var seed = RandomNumberGenerator.GetBytes(32);
            using var fresh = Key.Import(Ed25519, seed, KeyBlobFormat.RawPrivateKey);
            state.State.Seed = Ed25519Keys.Encode(seed);
            state.State.Kid = Convert.ToHexStringLower(SHA256.HashData(fresh.PublicKey.Export(KeyBlobFormat.RawPublicKey)))[..16];
            state.State.CreatedAt = time.GetUtcNow();
            await state.WriteOrForgetAsync(this);
            LogCreated(logger, state.State.Kid);
        }

        _key = Key.Import(Ed25519, Ed25519Keys.Decode64(state.State.Seed)!, KeyBlobFormat.RawPrivateKey);
        return _key;
    }

    [LoggerMessage(EventIds.ClusterKeyCreated, LogLevel.Information, "Created the cluster's capability-token key {Kid}")]
    private static partial void LogCreated(ILogger logger, string kid);
}
