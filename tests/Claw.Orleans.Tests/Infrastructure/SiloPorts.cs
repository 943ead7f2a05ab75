namespace Claw.Tests.Infrastructure;

/// <summary>The three ports of a silo process: HTTP, silo-to-silo and the Orleans client gateway.</summary>
public sealed record SiloPorts(int Http, int Silo, int Gateway)
{
    public static SiloPorts Free() => new(FreePort.Next(), FreePort.Next(), FreePort.Next());
}
