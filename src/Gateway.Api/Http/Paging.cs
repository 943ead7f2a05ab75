using System.Runtime.CompilerServices;

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

    /// <summary>
    /// An unpaged ClawBot-style list (a bare JSON array, up to <paramref name="cap"/> items) streamed page by page: the
    /// serializer writes each page out before the next is fetched, so an answer of any size holds one page in memory.
    /// The first page is fetched before the answer starts, so a refusal still becomes a problem, not a broken array.
    /// </summary>
    public static async Task<IAsyncEnumerable<TOut>> StreamAsync<T, TOut>(
        Func<string?, Task<Abstractions.Queries.Page<T>>> fetch, Func<T, TOut> map, int cap = BareListCap)
    {
        var first = await fetch(null);
        return Rest(first, CancellationToken.None);

        async IAsyncEnumerable<TOut> Rest(Abstractions.Queries.Page<T> page, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var count = 0;
            while (true)
            {
                foreach (var item in page.Items)
                {
                    if (count++ == cap)
                    {
                        yield break;
                    }

                    yield return map(item);
                }

                if (page.NextCursor is null || count >= cap || cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }

                page = await fetch(page.NextCursor);
            }
        }
    }
}
