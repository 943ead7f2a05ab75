namespace Claw.Tests.FlowControl;

[CollectionDefinition(Name)]
public sealed class FlowCollection : ICollectionFixture<FlowFixture>
{
    public const string Name = "flow-control";
}
