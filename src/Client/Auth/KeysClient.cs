using Claw.Client.Http;

namespace Claw.Client.Auth;

/// <summary><c>/api/v1/auth</c>: API keys (admin) and who the caller is.</summary>
public sealed class KeysClient
{
    private readonly ClawHttp _http;

    internal KeysClient(ClawHttp http) => _http = http;

    /// <summary>Creates a key; the answer's <see cref="ApiKey.Key"/> is the only time its secret is shown.</summary>
    public Task<ApiKey> CreateAsync(CreateKeyRequest request, CancellationToken cancellationToken = default) =>
        _http.PostAsync<ApiKey>("auth/keys", request, cancellationToken);

    public IAsyncEnumerable<ApiKey> ListAsync(int pageSize = 100, CancellationToken cancellationToken = default) =>
        _http.PagesAsync<ApiKey>("auth/keys", new Query(), pageSize, cancellationToken);

    /// <summary>Revokes a key on every silo within a second; revoking twice changes nothing.</summary>
    public async Task<ApiKey> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        return await _http.SendAsync<ApiKey>(HttpMethod.Delete, $"auth/keys/{PathSegment.Of(id)}", body: null, idempotencyKey: null, repeatable: true, cancellationToken);
    }

    public Task<Identity> MeAsync(CancellationToken cancellationToken = default) => _http.GetAsync<Identity>("auth/me", cancellationToken);
}
