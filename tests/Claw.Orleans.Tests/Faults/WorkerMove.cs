using System.Collections.Concurrent;
using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;

namespace Claw.Tests.Faults;

/// <summary>What a simulated worker does with one assignment.</summary>
public enum WorkerMove
{
    Complete,
    CompleteTwice,
    FailRetriable,
    Release,
    Stall,
    Crash,
}
