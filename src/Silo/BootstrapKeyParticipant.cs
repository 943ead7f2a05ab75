using Claw.Abstractions;
using Claw.Abstractions.Auth;
using Claw.Grains.Auth;
using Microsoft.Extensions.Configuration;
using Orleans.Runtime;

namespace Claw.Silo;

/// <summary>
/// <c>Claw:Auth:BootstrapKey</c> (a full <c>claw_{id}_{secret}</c>, best from <c>Claw__Auth__BootstrapKey</c> or
/// <c>BootstrapKeyFile</c>): created as an admin key when the silo starts and no key has its id yet, so a fresh
/// cluster can be administered at once. A key with that id already stored is left as it is (revoked stays revoked).
/// </summary>
internal sealed partial class BootstrapKeyParticipant(IConfiguration configuration, KeyStore keys, ILogger<BootstrapKeyParticipant> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(BootstrapKeyParticipant), ServiceLifecycleStage.RuntimeInitialize, EnsureAsync);

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var text = configuration["Claw:Auth:BootstrapKey"];
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (!ApiKeyText.TryParse(text, out var id, out var secret))
        {
            throw new InvalidOperationException("Claw:Auth:BootstrapKey must be a key of the form claw_<16 hex digits>_<secret of at least 16 characters>.");
        }

        if (await keys.FindAsync(id) is { } stored)
        {
            if (!ApiKeyText.Matches(secret, stored.SecretHash))
            {
                LogMismatch(logger, id);
            }

            return;
        }

        await keys.CreateAsync(new ApiKeySpec("bootstrap", ClawRole.Admin, [], [], null, null), "bootstrap", id, secret);
        LogCreated(logger, id);
    }

    [LoggerMessage(EventIds.BootstrapKeyCreated, LogLevel.Information, "Created the bootstrap admin key {KeyId}")]
    private static partial void LogCreated(ILogger logger, string keyId);

    [LoggerMessage(EventIds.BootstrapKeyMismatch, LogLevel.Warning, "A key with the bootstrap key's id {KeyId} exists with another secret; it is left as it is")]
    private static partial void LogMismatch(ILogger logger, string keyId);
}
