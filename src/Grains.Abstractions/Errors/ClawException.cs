namespace Claw.Abstractions.Errors;

/// <summary>
/// A domain rule refused a request. It crosses grain boundaries and the gateway maps it, in one place,
/// to problem details with <see cref="Status"/> and the stable machine <see cref="Code"/>.
/// </summary>
[GenerateSerializer, Alias("claw.error")]
public sealed class ClawException : Exception
{
    public ClawException(int status, string code, string detail)
        : this(status, code, detail, null)
    {
    }

    private ClawException(int status, string code, string detail, Dictionary<string, string[]>? errors)
        : base(detail)
    {
        Status = status;
        Code = code;
        Errors = errors;
    }

    /// <summary>The HTTP status this error answers with (404, 409, ...).</summary>
    [Id(0)]
    public int Status { get; }

    /// <summary>The stable machine code, e.g. <c>lease_not_owner</c>.</summary>
    [Id(1)]
    public string Code { get; }

    /// <summary>
    /// Field errors of a <c>validation_failed</c> refusal, keyed by the snake_case field name the client sent; the
    /// gateway answers them exactly as it answers the fields it checks itself.
    /// </summary>
    [Id(2)]
    public Dictionary<string, string[]>? Errors { get; }

    /// <summary>Seconds a refused caller should wait before asking again (429, 503): the gateway sends it as <c>Retry-After</c>.</summary>
    [Id(3)]
    public int? RetryAfterSeconds { get; private init; }

    /// <summary>429 <c>rate_limited</c>, to be asked again after <paramref name="retryAfter"/>.</summary>
    public static ClawException RateLimited(string detail, TimeSpan retryAfter) =>
        new(429, ErrorCodes.RateLimited, detail) { RetryAfterSeconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) };

    /// <summary>429 <c>queue_full</c>: the queue sheds this priority now; ask again after <paramref name="retryAfter"/>.</summary>
    public static ClawException QueueFull(string detail, TimeSpan retryAfter) =>
        new(429, ErrorCodes.QueueFull, detail) { RetryAfterSeconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) };

    /// <summary>403 <c>forbidden</c>: the caller's role or scope does not reach this.</summary>
    public static ClawException Forbidden(string detail) => new(403, ErrorCodes.Forbidden, detail);

    public static ClawException NotFound(string what, string id) => new(404, ErrorCodes.NotFound, $"{what} '{id}' was not found.");

    public static ClawException Conflict(string code, string detail) => new(409, code, detail);

    /// <summary>The status of every <c>validation_failed</c> refusal: the request was well-formed, a field of it is not.</summary>
    public const int InvalidStatus = 422;

    /// <summary>A field of a request (or a WebSocket frame) is missing or out of range.</summary>
    public static ClawException Invalid(string detail) => new(InvalidStatus, ErrorCodes.ValidationFailed, detail);

    /// <summary>Named fields of a request are invalid (found by a grain, e.g. a cron expression it cannot parse).</summary>
    public static ClawException InvalidFields(Dictionary<string, string[]> errors) =>
        new(InvalidStatus, ErrorCodes.ValidationFailed, "One or more fields are invalid: " + string.Join(", ", errors.Keys) + ".", errors);

    public static ClawException InvalidField(string field, string message) => InvalidFields(new() { [field] = [message] });
}
