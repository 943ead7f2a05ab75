using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using Claw.Abstractions.Queries;
using Claw.Grains.Storage;

namespace Claw.Grains.Queries;

/// <summary>Reads one page of (id, sort key, document) rows into views, with the bounds every list shares.</summary>
internal static class PageReader
{
    /// <summary>Characters of stored documents one page holds at most (about 8 MB in memory), whatever its limit.</summary>
    public const long PageTextBudget = 4 * 1024 * 1024;

    /// <summary>
    /// The <c>LIMIT</c> (one row more than the page, to tell whether a next page exists) and, on a first page of ClawBot
    /// paging, the <c>OFFSET</c> of the rows skipped. Both are validated integers, never client text.
    /// </summary>
    public static string Limit(int limit, int skip, string? cursor) =>
        $" LIMIT {(limit + 1).ToString(CultureInfo.InvariantCulture)}" + (skip > 0 && cursor is null ? $" OFFSET {skip.ToString(CultureInfo.InvariantCulture)}" : "");

    /// <summary>
    /// Reads rows of (id, sort key, document): one more than the page asks for tells whether a next page exists,
    /// and the last row returned becomes the cursor. A page also ends once its documents reach
    /// <see cref="PageTextBudget"/>, so a page of large payloads is shorter (with a cursor) rather than huge.
    /// </summary>
    public static async Task<Page<TView>> ReadAsync<TState, TView>(DbCommand command, int limit, Func<TState, string, TView> view)
    {
        var items = ImmutableArray.CreateBuilder<TView>();
        Cursor last = default;
        long text = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (items.Count == limit || text >= PageTextBudget)
            {
                return new Page<TView>(items.ToImmutable(), last.Encode());
            }

            last = new Cursor(reader.GetInt64(1), reader.GetString(0));
            var document = reader.GetString(2);
            text += document.Length;
            items.Add(view(StateJson.Deserialize<TState>(document), last.Id));
        }

        return new Page<TView>(items.ToImmutable(), null);
    }

    /// <summary>The one number of a <c>SELECT COUNT(*)</c>.</summary>
    public static async Task<long> CountAsync(DbCommand command) => Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}
