namespace Claw.Client.Http;

/// <summary>An id escaped for a path segment (ids are plain by the server's rule, but a caller's text is never trusted).</summary>
internal static class PathSegment
{
    public static string Of(string id) => Uri.EscapeDataString(id);
}
