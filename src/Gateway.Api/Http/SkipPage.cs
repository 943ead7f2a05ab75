using System.Text.Json.Serialization;

namespace Claw.Gateway.Http;

/// <summary>
/// The ClawBot Coordinator's list envelope, <c>{items, total, skip, limit}</c>, with Claw's <c>next_cursor</c> beside it
/// (null on the last page) so a Claw client pages on with a cursor. The items are streamed page by page from the
/// catalog, so an answer holds one catalog page in memory; <c>next_cursor</c> is written after them, once known.
/// </summary>
public sealed class SkipPage<T>(IAsyncEnumerable<T> items, long total, int skip, int limit, Func<string?> nextCursor)
{
    [JsonPropertyOrder(0)]
    public IAsyncEnumerable<T> Items => items;

    /// <summary>How many rows match the filters (one COUNT query), whatever the page.</summary>
    [JsonPropertyOrder(1)]
    public long Total => total;

    [JsonPropertyOrder(2)]
    public int Skip => skip;

    [JsonPropertyOrder(3)]
    public int Limit => limit;

    /// <summary>Where the page after this one starts; read by the serializer after <see cref="Items"/> were written.</summary>
    [JsonPropertyOrder(4)]
    public string? NextCursor => nextCursor();
}
