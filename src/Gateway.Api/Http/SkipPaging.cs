using System.Runtime.CompilerServices;
using Claw.Abstractions.Queries;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Http;

/// <summary>
/// The ClawBot Coordinator's paging of <c>GET /bots</c> and <c>GET /tasks</c> (asked without a <c>cursor</c>):
/// <c>skip</c> (≥ 0, default 0) rows, then <c>limit</c> (1–1000, default 100) of them.
/// </summary>
public readonly record struct SkipPaging(int? Skip, int? Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public int Offset => Skip ?? 0;

    public int Size => Limit ?? DefaultLimit;

    public ValidationErrors Check(ValidationErrors errors) => errors
        .Require(Skip is null or >= 0, "skip", "At least 0.")
        .Require(Limit is null or (>= 1 and <= MaxLimit), "limit", $"Between 1 and {MaxLimit}.");

    /// <summary>
    /// The page: <paramref name="fetch"/> (skip, size, cursor) reads catalog pages of at most <see cref="Paging.MaxLimit"/>
    /// items, the first one before the answer starts (a refusal is still a problem, not a broken body), and
    /// <paramref name="count"/> runs beside it.
    /// </summary>
    public async Task<SkipPage<TOut>> FetchAsync<T, TOut>(Func<int, int, string?, Task<Page<T>>> fetch, Func<Task<long>> count, Func<T, TOut> map)
    {
        var size = Size;
        var total = count();
        var first = await fetch(Offset, Math.Min(size, Paging.MaxLimit), null);
        string? next = null;
        return new SkipPage<TOut>(Rest(first, CancellationToken.None), await total, Offset, size, () => next);

        async IAsyncEnumerable<TOut> Rest(Page<T> page, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var sent = 0;
            while (true)
            {
                foreach (var item in page.Items)
                {
                    sent++;
                    yield return map(item);
                }

                // Each fetch asks for exactly what is still missing, so the last page's cursor is where the next one starts.
                next = page.NextCursor;
                if (next is null || sent >= size || cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }

                page = await fetch(0, Math.Min(size - sent, Paging.MaxLimit), next);
            }
        }
    }
}
