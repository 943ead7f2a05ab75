using System.Collections.Concurrent;

namespace Claw.Tests.Faults;

/// <summary>The ledger of what workers were told: every accepted completion, and refusals by code.</summary>
public sealed class WorkLedger
{
    public ConcurrentDictionary<string, ConcurrentBag<string>> Accepted { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> Refusals { get; } = new(StringComparer.Ordinal);

    public int Injected;

    public int OtherResultAccepted;

    public void Refused(string code) => Refusals.AddOrUpdate(code, 1, (_, n) => n + 1);
}
