namespace Claw.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class SqliteClusterCollection : ICollectionFixture<SqliteClusterFixture>
{
    public const string Name = "sqlite-cluster";
}
