namespace Claw.Gateway.Http;

/// <summary>Query-string paging: <c>limit</c> (default 50, max 500) and an opaque <c>cursor</c>.</summary>
public readonly record struct Paging(int? Limit, string? Cursor)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>Cap of an unpaged ClawBot-style list (a bare array, as the ClawBot Coordinator answers).</summary>
    public const int BareListCap = 10_000;

    /// <summary>True when the client asked for paging; ClawBot-style routes answer a bare array otherwise.</summary>
    public bool Requested => Limit is not null || Cursor is not null;

    public int Size => Limit ?? DefaultLimit;

    public bool IsValid => Limit is null or (>= 1 and <= MaxLimit) && (Cursor is null || Cursor.Length <= 512);

    /// <summary>Follows the cursor through every page (up to <paramref name="cap"/> items), for unpaged ClawBot-style lists.</summary>
    public static async Task<List<T>> AllAsync<T>(Func<string?, Task<Abstractions.Queries.Page<T>>> fetch, int cap = BareListCap)
    {
        var all = new List<T>();
        string? cursor = null;
        do
        {
            var page = await fetch(cursor);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null && all.Count < cap);

        return all;
    }
}
