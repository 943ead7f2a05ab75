using System.Text.Json;

namespace Claw.Abstractions.Json;

/// <summary>Reading a text member of a client's JSON without trusting it.</summary>
public static class JsonText
{
    /// <summary>
    /// The text of member <paramref name="name"/> of an object; null when the element is not an object, the member is
    /// absent or not text, or the text is not valid Unicode (a lone surrogate escape, which <c>GetString</c> throws on).
    /// </summary>
    public static string? MemberOrNull(JsonElement holder, string name)
    {
        if (holder.ValueKind != JsonValueKind.Object || !holder.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
