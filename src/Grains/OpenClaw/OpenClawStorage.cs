namespace Claw.Grains.OpenClaw;

/// <summary>
/// The grain storage of gateway, instance, session, device and pool records: Orleans' ADO.NET provider (the silo
/// registers it under this name), since these are read only by key.
/// </summary>
public static class OpenClawStorage
{
    public const string Name = "orleans";
}
