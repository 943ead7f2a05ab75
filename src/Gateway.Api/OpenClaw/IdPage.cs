using System.Buffers.Text;
using System.Text;
using Claw.Gateway.Http;

namespace Claw.Gateway.OpenClaw;

/// <summary>Pages over a small sorted id list (gateways, instances, peers): the cursor is the last id of the previous page.</summary>
public static class IdPage
{
    public static (List<string> Ids, string? NextCursor) Slice(IEnumerable<string> ids, Paging paging)
    {
        var after = paging.Cursor is { } cursor && Base64Url.IsValid(cursor) ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)) : null;
        var sorted = ids.Order(StringComparer.Ordinal).Where(id => after is null || string.CompareOrdinal(id, after) > 0).ToList();
        var page = sorted.Take(paging.Size).ToList();
        var next = sorted.Count > page.Count ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(page[^1])) : null;
        return (page, next);
    }
}
