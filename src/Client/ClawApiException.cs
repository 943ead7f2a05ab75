using System.Net;

namespace Claw.Client;

/// <summary>
/// The server refused a call: its problem details (RFC 9457) as a typed exception. <see cref="Code"/> is the stable
/// machine-readable reason (<c>task_not_pending</c>, <c>validation_failed</c>, …); <see cref="CorrelationId"/> finds the
/// request in the server's logs and timelines.
/// </summary>
public sealed class ClawApiException : Exception
{
    public ClawApiException(HttpStatusCode status, string? code, string? correlationId, string? detail, IReadOnlyDictionary<string, string[]>? errors)
        : base(Describe(status, code, detail))
    {
        Status = status;
        Code = code;
        CorrelationId = correlationId;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    public HttpStatusCode Status { get; }

    /// <summary>The problem's <c>code</c>; null when the answer was not a problem document (a proxy's error page).</summary>
    public string? Code { get; }

    public string? CorrelationId { get; }

    /// <summary>The sentence a person can read.</summary>
    public string? Detail { get; }

    /// <summary>Field errors of a 422, keyed by the field as sent.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    private static string Describe(HttpStatusCode status, string? code, string? detail) =>
        $"{(int)status} {code ?? status.ToString()}: {detail ?? "the server refused the call"}";
}
