namespace Claw.Client.Http;

/// <summary>One page of a Claw list: <c>{"items":[…], "next_cursor":…}</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
