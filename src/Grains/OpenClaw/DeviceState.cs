namespace Claw.Grains.OpenClaw;

/// <summary>The cluster's device key seed (base64), in Orleans' ADO.NET grain storage.</summary>
[GenerateSerializer]
public sealed class DeviceState
{
    [Id(0)] public string? Seed { get; set; }

    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
}
