using Claw.Tests.Infrastructure;

namespace Claw.Tests.Hardening;

/// <summary>
/// A host with tight limits, so the bounds are reached with little traffic: 20,000-byte documents, a send queue of
/// 8 frames or 256 KiB per session,
/// given up on after 2 s without room, three learned queue labels (plus one configured), and no frame-rate limit in the
/// way of a test that floods on purpose. Its collection runs alone: its tests read <c>/metrics</c> (see
/// <see cref="Claw.Tests.Gateway.MetricsEndpointTests"/> for why that needs a host of its own).
/// </summary>
public sealed class HardeningFixture() : HostFixture(
    "--Claw:Tasks:MaxPayloadBytes", MaxPayloadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    "--Claw:Sockets:MaxQueuedFrames", "8",
    "--Claw:Sockets:MaxQueuedBytes", "262144",
    "--Claw:Sockets:SlowConsumerSeconds", "2",
    "--Claw:Sockets:FramesPerSecond", "1000000",
    "--Claw:Sockets:FrameBurst", "1000000",
    "--Claw:Telemetry:MaxQueueLabels", MaxQueueLabels.ToString(System.Globalization.CultureInfo.InvariantCulture),
    "--Claw:Telemetry:QueueLabels:0", ConfiguredQueue)
{
    public const int MaxPayloadBytes = 20_000;
    public const int MaxQueueLabels = 3;
    public const string ConfiguredQueue = "always-labelled";
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HardeningCollection : ICollectionFixture<HardeningFixture>
{
    public const string Name = "hardening";
}
