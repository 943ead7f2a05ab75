using System.Diagnostics.Metrics;
using Claw.Grains.Storage;
using Claw.Grains.Tasks;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Claw.Tests.Storage;

/// <summary>
/// Our grain storage provider with the real task table on a freshly migrated database, counting the companion rows
/// its commits carried, and reading the events and callback tables back with plain SQL.
/// </summary>
public sealed class TaskStorageHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private long _companionRows;

    private TaskStorageHarness(ClawDatabase database)
    {
        Database = database;
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "claw.storage.companion_rows")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _companionRows, value));
        _listener.Start();
        Batcher = new WriteBatcher(database, Options.Create(new WriteBatchingOptions()), new ClawMetrics(meters), NullLogger<WriteBatcher>.Instance);
        Storage = new RelationalGrainStorage(database, Batcher, [new TaskTable(TimeProvider.System)]);
    }

    public ClawDatabase Database { get; }

    public WriteBatcher Batcher { get; }

    public RelationalGrainStorage Storage { get; }

    public long CompanionRows => Interlocked.Read(ref _companionRows);

    public static async Task<TaskStorageHarness> StartAsync(ClawStorageOptions storage)
    {
        var database = ClawDatabase.Create(storage);
        await new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).ApplyAsync(CancellationToken.None);
        return new TaskStorageHarness(database);
    }

    public static GrainId TaskId(string key) => GrainId.Create("task", key);

    public Task WriteAsync(GrainId id, GrainState<TaskState> state) => Storage.WriteStateAsync("task", id, state);

    public async Task<GrainState<TaskState>> ReadAsync(GrainId id)
    {
        var state = new GrainState<TaskState>();
        await Storage.ReadStateAsync("task", id, state);
        return state;
    }

    /// <summary>The event types of a task in <c>claw_events</c>, in the order they were written.</summary>
    public Task<List<string>> EventTypesAsync(string taskId) =>
        ColumnAsync($"SELECT type FROM claw_events WHERE task_id = @id ORDER BY seq", taskId);

    /// <summary>The events of the callbacks a task owes, in the order they were written.</summary>
    public Task<List<string>> CallbackEventsAsync(string taskId) =>
        ColumnAsync($"SELECT event FROM claw_callbacks WHERE task_id = @id ORDER BY created_at, id", taskId);

    /// <summary>A task's events in order, each value as the database holds it: type, at, node_id, attempt, detail, data.</summary>
    public async Task<List<object?[]>> EventRowsAsync(string taskId)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, at, node_id, attempt, detail, CAST(data AS text) FROM claw_events WHERE task_id = @id ORDER BY seq";
        command.AddParameter("@id", taskId);
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await Batcher.DisposeAsync();
        _listener.Dispose();
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }

    private async Task<List<string>> ColumnAsync(string sql, string id)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.AddParameter("@id", id);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
