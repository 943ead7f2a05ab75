using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Claw.Abstractions.Errors;

namespace Claw.Grains.Queries;

/// <summary>An opaque keyset cursor: the sort key and id of the last row a page returned.</summary>
internal readonly record struct Cursor(long SortKey, string Id)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{SortKey.ToString(CultureInfo.InvariantCulture)}:{Id}"));

    public static Cursor? Decode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            var raw = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            // The id is one of ours (at most 128 printable characters); anything else, a NUL that PostgreSQL refuses included, is not a cursor we issued.
            var id = raw[(colon + 1)..];
            if (colon > 0 && long.TryParse(raw.AsSpan(0, colon), NumberStyles.Integer, CultureInfo.InvariantCulture, out var sortKey)
                && id.Length is > 0 and <= 128 && !id.Any(char.IsControl))
            {
                return new Cursor(sortKey, id);
            }
        }
        catch (FormatException)
        {
            // Falls through to the validation error below.
        }

        throw ClawException.Invalid("The cursor is not one this server issued.");
    }
}
