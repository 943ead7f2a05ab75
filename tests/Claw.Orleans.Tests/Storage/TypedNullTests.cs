using System.Data.Common;
using Claw.Grains.Storage;
using Claw.Tests.Infrastructure;
using Npgsql;

namespace Claw.Tests.Storage;

/// <summary>
/// A nullable column's null keeps the column's type, so a write statement auto-prepared by Npgsql stays prepared when
/// a row's value comes and goes (a task's lease). An untyped null would not match the prepared parameter types, and
/// Npgsql would run the statement unprepared: parsed and planned by PostgreSQL on every execution.
/// </summary>
public sealed class TypedNullTests
{
    private const int Rounds = 12;

    [Fact]
    public async Task A_statement_whose_parameter_alternates_between_a_value_and_a_typed_null_runs_prepared()
    {
        Assert.Equal(Rounds, await PreparedExecutionsAsync(TypedNull.Integer));
    }

    [Fact]
    public async Task With_an_untyped_null_the_same_statement_runs_unprepared_when_the_types_differ()
    {
        // The reason for TypedNull: this is what every task write did before.
        Assert.True(await PreparedExecutionsAsync(null) < Rounds);
    }

    [Fact]
    public void A_typed_null_is_sent_as_a_null_of_its_type()
    {
        var batch = new NpgsqlBatch().CreateBatchCommand();
        batch.AddPositional(TypedNull.Integer);
        Assert.Equal(System.Data.DbType.Int64, batch.Parameters[0].DbType);
        Assert.Equal(DBNull.Value, batch.Parameters[0].Value);
        Assert.Same(TypedNull.Integer, TypedNull.Of(new StateColumn("expires_at", IsInteger: true)));
        Assert.Same(TypedNull.Text, TypedNull.Of(new StateColumn("node_id")));
    }

    /// <summary>Runs one update <see cref="Rounds"/> times on one connection, its value alternating with <paramref name="nullValue"/>; how many ran prepared.</summary>
    private static async Task<long> PreparedExecutionsAsync(object? nullValue)
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        var settings = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { MaxAutoPrepare = 8, AutoPrepareMinUsages = 1 };
        await using var source = NpgsqlDataSource.Create(settings.ConnectionString);
        await using var connection = await source.OpenConnectionAsync();
        await ExecuteAsync(connection, "CREATE TABLE lease_rows (id TEXT PRIMARY KEY, expires_at BIGINT)");
        await ExecuteAsync(connection, "INSERT INTO lease_rows VALUES ('t1', NULL)");
        for (var round = 0; round < Rounds; round++)
        {
            await using var batch = connection.CreateBatch();
            var update = batch.CreateBatchCommand();
            update.CommandText = "UPDATE lease_rows SET expires_at = $2 WHERE id = $1";
            update.AddPositional("t1").AddPositional(round % 2 == 0 ? 1_000L + round : nullValue);
            batch.BatchCommands.Add(update);
            Assert.Equal(1, await batch.ExecuteNonQueryAsync());
        }

        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COALESCE(SUM(generic_plans + custom_plans), 0) FROM pg_prepared_statements WHERE statement LIKE 'UPDATE lease_rows%'";
        return Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
