namespace Claw.Grains.Storage;

/// <summary>
/// Rows inserted in the same transaction as one grain-state write, and only if that write succeeds: a state change
/// and the records it causes (the task's new timeline events, a callback it owes) commit together or not at all.
/// </summary>
public sealed record CompanionRows(CompanionTable Table, IReadOnlyList<object?[]> Rows);
