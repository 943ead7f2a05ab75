using System.Data.Common;

namespace Claw.Grains.Storage;

/// <summary>
/// Hands out <see cref="TunedSqliteConnection"/>s, so every consumer (Orleans' ADO.NET providers included, which
/// accept a <see cref="DbDataSource"/>) gets the pragmas on every connection.
/// </summary>
internal sealed class SqliteDataSource(string connectionString) : DbDataSource
{
    public override string ConnectionString => connectionString;

    protected override DbConnection CreateDbConnection() => new TunedSqliteConnection(connectionString);
}
