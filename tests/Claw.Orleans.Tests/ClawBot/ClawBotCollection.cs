using Claw.Tests.Infrastructure;

namespace Claw.Tests.ClawBot;

/// <summary>
/// A host of their own for the ClawBot tests: ClawBot clients send no queue, so their tasks share the <c>default</c>
/// queue, and no other test's node may take them (nor theirs take another test's).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClawBotCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "clawbot";
}
