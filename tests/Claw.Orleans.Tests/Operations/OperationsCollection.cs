namespace Claw.Tests.Operations;

/// <summary>The operations tests share one host; the monitoring figures they read are the host's, so they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class OperationsCollection : ICollectionFixture<OperationsFixture>
{
    public const string Name = "operations";
}
