using Claw.Tests.Infrastructure;

namespace Claw.Tests.Gateway;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "metrics";
}
