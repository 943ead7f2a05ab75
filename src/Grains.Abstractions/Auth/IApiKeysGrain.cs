using Claw.Abstractions.Queries;

namespace Claw.Abstractions.Auth;

/// <summary>
/// The API keys of the cluster, in their own table: create (the secret is made here and only its hash is stored),
/// list, find one by id (a gateway's cache fill), revoke (every gateway is told through <see cref="IRevocationHubGrain"/>).
/// A stateless worker: the table is the truth, so any silo answers.
/// </summary>
[Alias("claw.IApiKeysGrain")]
public interface IApiKeysGrain : IGrainWithIntegerKey
{
    [Alias("create")]
    Task<IssuedApiKey> CreateAsync(ApiKeySpec spec, string createdBy);

    [Alias("list")]
    Task<Page<ApiKeyView>> ListAsync(int limit, string? cursor);

    /// <summary>The key with its secret's hash, or null when no key has this id.</summary>
    [Alias("find")]
    Task<StoredApiKey?> FindAsync(string id);

    /// <summary>Revokes the key (a second revoke changes nothing); null when no key has this id.</summary>
    [Alias("revoke")]
    Task<ApiKeyView?> RevokeAsync(string id);

    /// <summary>Revokes every live key bound to a node (the node was deregistered); answers how many.</summary>
    [Alias("revoke-node")]
    Task<int> RevokeNodeKeysAsync(string nodeId);
}
