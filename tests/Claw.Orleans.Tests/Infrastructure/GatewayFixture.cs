namespace Claw.Tests.Infrastructure;

/// <summary>One running host on SQLite shared by the gateway tests; each test uses its own ids.</summary>
public sealed class GatewayFixture : HostFixture;
