using System.Globalization;
using System.Security.Cryptography;

namespace Claw.Grains.Tasks;

/// <summary>Lease tokens: unguessable, and prefixed with the fence so a token alone tells which attempt it belongs to.</summary>
public static class LeaseTokens
{
    public static string New(long fence) =>
        $"{fence.ToString(CultureInfo.InvariantCulture)}.{Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_')}";

    public static long? FenceOf(string? token)
    {
        var dot = token?.IndexOf('.') ?? -1;
        return dot > 0 && long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var fence) ? fence : null;
    }
}
