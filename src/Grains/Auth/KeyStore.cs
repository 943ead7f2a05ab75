using System.Collections.Immutable;
using System.Data.Common;
using System.Text.Json;
using Claw.Abstractions.Auth;
using Claw.Abstractions.Queries;
using Claw.Grains.Queries;
using Claw.Grains.Storage;

namespace Claw.Grains.Auth;

/// <summary>
/// The <c>claw_api_keys</c> table: the one place keys are created, read and revoked, for the keys grain and the silo's
/// <c>keys</c> command alike. Only the SHA-256 of a secret is stored.
/// </summary>
public sealed class KeyStore(ClawDatabase database, TimeProvider time)
{
    public const string Table = "claw_api_keys";

    private const string Columns = "id, name, role, swarm_ids, queues, node_id, secret_hash, created_by, created_at, expires_at, revoked_at";

    /// <summary>Creates a key with a new id and secret (or the given ones: the bootstrap key); answers it with its secret.</summary>
    public async Task<IssuedApiKey> CreateAsync(ApiKeySpec spec, string createdBy, string? id = null, string? secret = null)
    {
        id ??= ApiKeyText.NewId();
        secret ??= ApiKeyText.NewSecret();
        var view = new ApiKeyView(id, spec.Name, spec.Role, Norm(spec.SwarmIds), Norm(spec.Queues), spec.NodeId, Millis(time.GetUtcNow()), spec.ExpiresAt, null, createdBy);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {Table} ({Columns}) VALUES (@id, @name, @role, @swarm_ids, @queues, @node_id, @hash, @created_by, @created_at, @expires_at, NULL)";
        command.AddParameter("@id", id).AddParameter("@name", spec.Name).AddParameter("@role", spec.Role.Wire())
            .AddParameter("@swarm_ids", JsonSerializer.Serialize(view.SwarmIds)).AddParameter("@queues", JsonSerializer.Serialize(view.Queues))
            .AddParameter("@node_id", spec.NodeId).AddParameter("@hash", ApiKeyText.Hash(secret)).AddParameter("@created_by", createdBy)
            .AddParameter("@created_at", view.CreatedAt.ToUnixTimeMilliseconds()).AddParameter("@expires_at", spec.ExpiresAt?.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync();
        return new IssuedApiKey(view, ApiKeyText.Format(id, secret));
    }

    public async Task<StoredApiKey?> FindAsync(string id)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM {Table} WHERE id = @id";
        command.AddParameter("@id", id);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new StoredApiKey(Read(reader), reader.GetString(6)) : null;
    }

    /// <summary>Keys oldest first, keyset-paged on (created_at, id).</summary>
    public async Task<Page<ApiKeyView>> ListAsync(int limit, string? cursor)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var sql = new SqlQuery(command).After("created_at", Cursor.Decode(cursor));
        command.CommandText = $"SELECT {Columns} FROM {Table}{sql.Where} ORDER BY created_at, id LIMIT {limit + 1}";
        var items = new List<ApiKeyView>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            items.Add(Read(reader));
        }

        var next = items.Count > limit ? new Cursor(items[limit - 1].CreatedAt.ToUnixTimeMilliseconds(), items[limit - 1].Id).Encode() : null;
        return new Page<ApiKeyView>([.. items.Take(limit)], next);
    }

    /// <summary>Revokes the key now (a key revoked before keeps its time); null when there is no such key.</summary>
    public async Task<ApiKeyView?> RevokeAsync(string id)
    {
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"UPDATE {Table} SET revoked_at = COALESCE(revoked_at, @now) WHERE id = @id";
            command.AddParameter("@id", id).AddParameter("@now", time.GetUtcNow().ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync();
        }

        return (await FindAsync(id))?.Key;
    }

    /// <summary>Revokes every live key bound to <paramref name="nodeId"/>; answers their ids.</summary>
    public async Task<ImmutableArray<string>> RevokeNodeKeysAsync(string nodeId)
    {
        var ids = ImmutableArray.CreateBuilder<string>();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = $"SELECT id FROM {Table} WHERE node_id = @node AND revoked_at IS NULL";
            select.AddParameter("@node", nodeId);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }
        }

        await using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE {Table} SET revoked_at = @now WHERE node_id = @node AND revoked_at IS NULL";
        update.AddParameter("@node", nodeId).AddParameter("@now", time.GetUtcNow().ToUnixTimeMilliseconds());
        await update.ExecuteNonQueryAsync();
        return ids.ToImmutable();
    }

    private static ApiKeyView Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        Enum.Parse<ClawRole>(reader.GetString(2), ignoreCase: true),
        JsonSerializer.Deserialize<ImmutableArray<string>>(reader.GetString(3)),
        JsonSerializer.Deserialize<ImmutableArray<string>>(reader.GetString(4)),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
        reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
        reader.IsDBNull(10) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
        reader.GetString(7));

    private static ImmutableArray<string> Norm(ImmutableArray<string> values) => values.IsDefault ? [] : values;

    private static DateTimeOffset Millis(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
}
