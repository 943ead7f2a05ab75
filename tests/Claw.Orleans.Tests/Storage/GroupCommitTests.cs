using System.Data.Common;
using Claw.Grains.Storage;
using Claw.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Orleans.Storage;

namespace Claw.Tests.Storage;

/// <summary>
/// Group commit in our grain storage provider, on real SQLite and PostgreSQL: many grains' writes share one
/// transaction, each caller learns its own write's outcome, and nothing is acknowledged before it has committed.
/// </summary>
public sealed class GroupCommitTests
{
    private const int Queued = 20;
    private const int Odd = 10;

    [Fact]
    public async Task Concurrent_writes_of_many_rows_share_commits_and_all_read_back_on_sqlite()
    {
        using var data = new TempDirectory();
        await using var harness = await StorageHarness.StartAsync(Sqlite(data));
        await AssertWritesShareCommitsAsync(harness);
    }

    [Fact]
    public async Task Concurrent_writes_of_many_rows_share_commits_and_all_read_back_on_postgres()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var harness = await StorageHarness.StartAsync(Postgres(postgres.ConnectionString));
        await AssertWritesShareCommitsAsync(harness);
    }

    [Fact]
    public async Task A_version_conflict_inside_a_batch_fails_only_its_own_write_on_sqlite()
    {
        using var data = new TempDirectory();
        await using var harness = await StorageHarness.StartAsync(Sqlite(data));
        await AssertConflictFailsOnlyItsWriteAsync(harness);
    }

    [Fact]
    public async Task A_version_conflict_inside_a_batch_fails_only_its_own_write_on_postgres()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var harness = await StorageHarness.StartAsync(Postgres(postgres.ConnectionString), OneInFlight);
        await AssertConflictFailsOnlyItsWriteAsync(harness);
    }

    [Fact]
    public async Task A_statement_error_inside_a_batch_fails_only_its_own_write_on_postgres()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var harness = await StorageHarness.StartAsync(Postgres(postgres.ConnectionString), OneInFlight);
        await AssertStatementErrorFailsOnlyItsWriteAsync(harness);
    }

    [Fact]
    public async Task A_statement_error_inside_a_batch_fails_only_its_own_write_on_sqlite()
    {
        using var data = new TempDirectory();
        await using var harness = await StorageHarness.StartAsync(Sqlite(data));
        await AssertStatementErrorFailsOnlyItsWriteAsync(harness);
    }

    [Fact]
    public async Task Writes_in_flight_when_postgres_stops_fail_with_a_database_error_and_writing_resumes_when_it_returns()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var harness = await StorageHarness.StartAsync(Postgres(postgres.ConnectionString), OneInFlight);
        var (gate, rows) = await SeedAsync(harness, "outage");
        await Task.WhenAll(rows.Select(row => harness.ReadAsync(row.Id))); // leaves idle connections in the pool

        var blocker = await harness.BlockAsync(RowKey(gate.Id));
        var (gateWrite, writes) = await WriteBehindGateAsync(harness, gate, rows, (_, _) => { });
        await postgres.StopServerAsync();

        // The gateway answers 503 storage_unavailable for any DbException in the chain: each caller must get one.
        foreach (var write in writes.Prepend(gateWrite))
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => write);
            Assert.True(IsDatabaseError(error), $"expected a DbException, got {error.GetType().Name}: {error.Message}");
        }

        await blocker.DisposeAsync();
        await postgres.StartServerAsync();

        // The batcher needs no restart and no retry: the first write after the database returned commits.
        await harness.WriteAsync(gate.Id, gate.State);

        // Nothing of the failed batches committed: every row is still at its first version and takes its next write.
        foreach (var row in rows)
        {
            Assert.Equal("1", (await harness.ReadAsync(row.Id)).ETag);
            await harness.WriteAsync(row.Id, row.State);
            Assert.Equal("2", (await harness.ReadAsync(row.Id)).ETag);
        }
    }

    [Fact]
    public void Batching_settings_sit_under_Claw_Storage_beside_the_storage_kind()
    {
        var withKind = Configuration(("Claw:Storage", "Postgres"), ("Claw:Storage:Batching:MaxBatchSize", "64"), ("Claw:Storage:Batching:MaxInFlight", "4"));
        Assert.Equal(StorageKind.Postgres, withKind.GetSection("Claw").Get<ClawStorageOptions>()!.Storage);
        var batching = withKind.GetSection("Claw").GetSection(WriteBatchingOptions.Section).Get<WriteBatchingOptions>()!;
        Assert.Equal((64, 4), (batching.MaxBatchSize, batching.MaxInFlight));

        var withoutKind = Configuration(("Claw:Storage:Batching:MaxBatchSize", "32"));
        Assert.Equal(StorageKind.Sqlite, (withoutKind.GetSection("Claw").Get<ClawStorageOptions>() ?? new ClawStorageOptions()).Storage);
        Assert.Equal(32, withoutKind.GetSection("Claw").GetSection(WriteBatchingOptions.Section).Get<WriteBatchingOptions>()!.MaxBatchSize);

        // appsettings.json holds the kind as a string, so the section sits beside it under a key with a colon.
        using var json = new MemoryStream("""{"Claw":{"Storage":"Postgres","Storage:Batching":{"MaxInFlight":3}}}"""u8.ToArray());
        var fromJson = new ConfigurationBuilder().AddJsonStream(json).Build().GetSection("Claw");
        Assert.Equal(StorageKind.Postgres, fromJson.Get<ClawStorageOptions>()!.Storage);
        Assert.Equal(3, fromJson.GetSection(WriteBatchingOptions.Section).Get<WriteBatchingOptions>()!.MaxInFlight);
    }

    private static WriteBatchingOptions OneInFlight => new() { MaxInFlight = 1 };

    private static async Task AssertWritesShareCommitsAsync(StorageHarness harness)
    {
        const int rows = 200;
        const int writesPerRow = 3;
        var all = Enumerable.Range(0, rows).Select(i => Row.New($"lease-share-{i}", $"task-{i}")).ToList();

        // Each row's writes follow one another, as a grain's do; the rows run side by side, as many grains do.
        await Task.WhenAll(all.Select(async row =>
        {
            for (var n = 1; n <= writesPerRow; n++)
            {
                row.Lease.Renewals = n;
                await harness.WriteAsync(row.Id, row.State);
            }
        }));

        Assert.Equal(rows * writesPerRow, harness.Statements);
        Assert.True(harness.Commits < rows * writesPerRow / 2, $"{rows * writesPerRow} writes took {harness.Commits} commits");
        for (var i = 0; i < rows; i++)
        {
            var read = await harness.ReadAsync(all[i].Id);
            Assert.Equal("3", read.ETag);
            Assert.Equal((writesPerRow, $"task-{i}"), (read.State!.Renewals, read.State.TaskId));
        }
    }

    private static async Task AssertConflictFailsOnlyItsWriteAsync(StorageHarness harness)
    {
        var (gate, rows) = await SeedAsync(harness, "conflict");
        var (commits, statements) = (harness.Commits, harness.Statements);

        var (gateWrite, writes) = await WriteBehindGateReleasedAsync(harness, gate, rows, (i, row) => row.State.ETag = i == Odd ? "7" : row.State.ETag);

        await gateWrite;
        await Assert.ThrowsAsync<InconsistentStateException>(() => writes[Odd]);
        await Task.WhenAll(writes.Where((_, i) => i != Odd));
        Assert.Equal((2L, 1L + Queued), (harness.Commits - commits, harness.Statements - statements)); // the gate's, then all the rest in one
        await AssertOnlyTheOddRowUnchangedAsync(harness, rows);
    }

    private static async Task AssertStatementErrorFailsOnlyItsWriteAsync(StorageHarness harness)
    {
        var (gate, rows) = await SeedAsync(harness, "error");
        var (commits, statements) = (harness.Commits, harness.Statements);

        // task_id is NOT NULL: the odd write breaks a constraint, which aborts a whole PostgreSQL transaction.
        var (gateWrite, writes) = await WriteBehindGateReleasedAsync(harness, gate, rows, (i, row) => row.Lease.TaskId = i == Odd ? null! : row.Lease.TaskId);

        await gateWrite;
        var error = await Assert.ThrowsAnyAsync<Exception>(() => writes[Odd]);
        Assert.True(IsDatabaseError(error), $"expected a DbException, got {error.GetType().Name}");
        await Task.WhenAll(writes.Where((_, i) => i != Odd));
        Assert.Equal(((long)Queued, (long)Queued), (harness.Commits - commits, harness.Statements - statements)); // the gate's, then each good write alone
        await AssertOnlyTheOddRowUnchangedAsync(harness, rows);
    }

    private static async Task AssertOnlyTheOddRowUnchangedAsync(StorageHarness harness, List<Row> rows)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            var read = await harness.ReadAsync(rows[i].Id);
            var expected = i == Odd ? ("1", 0) : ("2", 1);
            Assert.Equal(expected, (read.ETag!, read.State!.Renewals));
            Assert.Equal($"task-{i}", read.State.TaskId);
        }
    }

    /// <summary>A gate row and <see cref="Queued"/> rows, each written once (version 1).</summary>
    private static async Task<(Row Gate, List<Row> Rows)> SeedAsync(StorageHarness harness, string prefix)
    {
        var gate = Row.New($"lease-{prefix}-gate", "task-gate");
        var rows = Enumerable.Range(0, Queued).Select(i => Row.New($"lease-{prefix}-{i}", $"task-{i}")).ToList();
        foreach (var row in rows.Prepend(gate))
        {
            await harness.WriteAsync(row.Id, row.State);
        }

        return (gate, rows);
    }

    private static async Task<(Task Gate, List<Task> Writes)> WriteBehindGateReleasedAsync(
        StorageHarness harness, Row gate, List<Row> rows, Action<int, Row> change)
    {
        await using (await harness.BlockAsync(RowKey(gate.Id)))
        {
            return await WriteBehindGateAsync(harness, gate, rows, change);
        }
    }

    /// <summary>
    /// Writes the gate row, which meets the block and stays in flight, then every row (after <paramref name="change"/>):
    /// with the only slot taken they all wait in the queue and leave together once the block ends.
    /// </summary>
    private static async Task<(Task Gate, List<Task> Writes)> WriteBehindGateAsync(
        StorageHarness harness, Row gate, List<Row> rows, Action<int, Row> change)
    {
        gate.Lease.Renewals++;
        var gateWrite = harness.WriteAsync(gate.Id, gate.State);
        await Eventually.Until(() => Task.FromResult(harness.Batcher.Queued), q => q == 0, TimeSpan.FromSeconds(10), "the gate write to leave the queue");
        var writes = rows.Select((row, i) =>
        {
            row.Lease.Renewals++;
            change(i, row);
            return harness.WriteAsync(row.Id, row.State);
        }).ToList();
        Assert.Equal(rows.Count, harness.Batcher.Queued);
        return (gateWrite, writes);
    }

    private static bool IsDatabaseError(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is DbException)
            {
                return true;
            }
        }

        return false;
    }

    private static string RowKey(GrainId id) => id.Key.ToString()!;

    private static ClawStorageOptions Sqlite(TempDirectory data) => new() { DataDirectory = data.Path };

    private static ClawStorageOptions Postgres(string connectionString) => new() { Storage = StorageKind.Postgres, ConnectionString = connectionString };

    /// <summary>One lease row as a grain holds it: its id and its state with the version (ETag) last written.</summary>
    private sealed record Row(GrainId Id, GrainState<HarnessRow> State)
    {
        public HarnessRow Lease => State.State!;

        public static Row New(string key, string task) => new(StorageHarness.RowId(key), new GrainState<HarnessRow>(StorageHarness.Row(task)));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
