namespace Claw.Gateway.Http;

/// <summary>The paged list envelope of API.md: <c>{"items":[…], "next_cursor":…}</c>.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);
