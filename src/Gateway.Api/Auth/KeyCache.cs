using System.Collections.Concurrent;
using Claw.Abstractions.Auth;
using Microsoft.Extensions.Options;

namespace Claw.Gateway.Auth;

/// <summary>
/// This process's view of the API keys: a presented key is checked against a cached copy of its stored record (filled
/// from the keys grain, kept <see cref="AuthOptions.KeyCacheDuration"/>), so a request costs no grain call while its
/// key is cached. A revocation removes the entry at once (<see cref="IRevocationObserver"/>); a lookup that was under
/// way while a revocation arrived is not cached, so it cannot bring a revoked key back.
/// </summary>
public sealed class KeyCache(IGrainFactory grains, IOptions<AuthOptions> options, TimeProvider time) : IRevocationObserver
{
    private readonly ConcurrentDictionary<string, (StoredApiKey Key, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);
    private long _revocations;

    /// <summary>The principal of a presented key, or why it does not authenticate.</summary>
    public async Task<(Principal? Principal, string? Failure)> AuthenticateAsync(string presented)
    {
        if (!ApiKeyText.TryParse(presented, out var id, out var secret))
        {
            return (null, "not an API key of this server");
        }

        var now = time.GetUtcNow();
        var stored = _entries.TryGetValue(id, out var entry) && entry.Until > now ? entry.Key : await FillAsync(id, now);
        if (stored is null || !ApiKeyText.Matches(secret, stored.SecretHash))
        {
            return (null, "unknown key or wrong secret");
        }

        return stored.Key.IsLive(now) ? (stored.Key.ToPrincipal(), null) : (null, stored.Key.RevokedAt is null ? "key expired" : "key revoked");
    }

    public Task RevokedAsync(Revocation revocation)
    {
        if (revocation.Kind == Revocation.ApiKey)
        {
            Interlocked.Increment(ref _revocations);
            _entries.TryRemove(revocation.Id, out _);
        }

        return Task.CompletedTask;
    }

    private async Task<StoredApiKey?> FillAsync(string id, DateTimeOffset now)
    {
        var before = Interlocked.Read(ref _revocations);
        var stored = await grains.GetGrain<IApiKeysGrain>(0).FindAsync(id);
        if (stored is not null && Interlocked.Read(ref _revocations) == before)
        {
            _entries[id] = (stored, now + options.Value.KeyCacheDuration);
        }

        return stored;
    }
}
