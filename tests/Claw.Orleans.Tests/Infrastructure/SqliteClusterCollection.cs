using Claw.Silo;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Claw.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class SqliteClusterCollection : ICollectionFixture<SqliteClusterFixture>
{
    public const string Name = "sqlite-cluster";
}
