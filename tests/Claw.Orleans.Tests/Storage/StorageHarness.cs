using System.Data.Common;
using System.Diagnostics.Metrics;
using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Claw.Tests.Storage;

/// <summary>
/// Our grain storage provider on a freshly migrated database, with its write batcher and the commit counters it
/// reports on its own meter (so tests running beside it never add to them). <see cref="HarnessRow"/> is the row type under test.
/// </summary>
public sealed class StorageHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private long _commits;
    private long _statements;

    private StorageHarness(ClawDatabase database, WriteBatchingOptions batching)
    {
        Database = database;
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name is "claw.storage.commits" or "claw.storage.statements")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            Interlocked.Add(ref instrument.Name == "claw.storage.commits" ? ref _commits : ref _statements, value));
        _listener.Start();
        Batcher = new WriteBatcher(database, Options.Create(batching), new ClawMetrics(meters), NullLogger<WriteBatcher>.Instance);
        Storage = new RelationalGrainStorage(database, Batcher, [new HarnessRowTable()]);
    }

    public ClawDatabase Database { get; }

    public WriteBatcher Batcher { get; }

    public RelationalGrainStorage Storage { get; }

    /// <summary>Transactions the provider has committed so far.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Row statements in those transactions.</summary>
    public long Statements => Interlocked.Read(ref _statements);

    public static async Task<StorageHarness> StartAsync(ClawStorageOptions storage, WriteBatchingOptions? batching = null)
    {
        var database = ClawDatabase.Create(storage);
        await new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).ApplyAsync(CancellationToken.None);
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = HarnessRowTable.Ddl(database.Kind);
            await command.ExecuteNonQueryAsync();
        }

        return new StorageHarness(database, batching ?? new WriteBatchingOptions());
    }

    public static GrainId RowId(string key) => GrainId.Create("harness", key);

    public static HarnessRow Row(string task, int renewals = 0) => new()
    {
        TaskId = task,
        NodeId = "node-harness",
        Token = "token",
        Queue = "default",
        Status = LeaseStatus.Active,
        IssuedAt = DateTimeOffset.UnixEpoch.AddDays(1),
        ExpiresAt = DateTimeOffset.UnixEpoch.AddDays(2),
        Renewals = renewals,
    };

    public Task WriteAsync(GrainId id, GrainState<HarnessRow> state) => Storage.WriteStateAsync("harness", id, state);

    public async Task<GrainState<HarnessRow>> ReadAsync(GrainId id)
    {
        var state = new GrainState<HarnessRow>();
        await Storage.ReadStateAsync("harness", id, state);
        return state;
    }

    /// <summary>
    /// Holds the database's write path from another connection until disposed: SQLite's write lock, or on PostgreSQL
    /// the lock of one row. A write that meets it stays in flight, and the writes queued behind it form one batch.
    /// </summary>
    public async Task<IAsyncDisposable> BlockAsync(string rowKey)
    {
        var connection = await Database.DataSource.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync(); // SQLite: BEGIN IMMEDIATE, the write lock
        if (Database.Kind == StorageKind.Postgres)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT id FROM {HarnessRowTable.Name} WHERE id = @id FOR UPDATE";
            command.AddParameter("@id", rowKey);
            await command.ExecuteNonQueryAsync();
        }

        return new Blocker(connection, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        await Batcher.DisposeAsync();
        _listener.Dispose();
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Ends the blocking transaction by closing its connection (a rollback), even if the server is gone.</summary>
    private sealed class Blocker(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
