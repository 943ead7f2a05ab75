namespace Claw.Gateway.Validation;

/// <summary>
/// A <c>callback_url</c>: an absolute http or https URL of at most 2048 characters, with a host and without
/// credentials in it (no <c>user:password@</c>: the body is signed with the callback secret instead) or a fragment.
/// </summary>
public static class CallbackUrls
{
    public const int MaxLength = 2048;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;

    /// <summary>Why <paramref name="url"/> is refused, or null when it is acceptable.</summary>
    public static string? Problem(string url)
    {
        if (url.Length > MaxLength)
        {
            return $"At most {MaxLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            return "An absolute http:// or https:// URL with a host.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "No credentials in the URL: deliveries are signed with the callback secret (X-Claw-Signature).";
        }

        return uri.Fragment.Length > 0 || url.Any(char.IsControl) ? "No fragment and no control characters." : null;
    }

    public static void Check(ValidationErrors errors, string? url, string? secret)
    {
        if (url is not null && Problem(url) is { } problem)
        {
            errors.Add("callback_url", problem);
        }

        errors.Require(secret is null || url is not null, "callback_secret", "Only with a callback_url.")
            .Require(secret is null || (secret.Length is >= MinSecretLength and <= MaxSecretLength && !secret.Any(char.IsControl)),
                "callback_secret", $"{MinSecretLength}–{MaxSecretLength} printable characters.");
    }
}
