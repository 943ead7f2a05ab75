namespace Claw.Client.Nodes;

/// <summary>The answer to a poll.</summary>
internal sealed record PollResult(List<Assignment> Assignments);
