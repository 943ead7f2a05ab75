namespace Claw.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class ShortTimersCollection : ICollectionFixture<ShortTimersFixture>
{
    public const string Name = "short-timers";
}
