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

    public static ClawException NotFound(string what, string id) => new(404, ErrorCodes.NotFound, $"{what} '{id}' was not found.");

    public static ClawException Conflict(string code, string detail) => new(409, code, detail);

    /// <summary>A field of a request (or a WebSocket frame) is missing or out of range.</summary>
    public static ClawException Invalid(string detail) => new(400, ErrorCodes.ValidationFailed, detail);

    /// <summary>Named fields of a request are invalid (found by a grain, e.g. a cron expression it cannot parse).</summary>
    public static ClawException InvalidFields(Dictionary<string, string[]> errors) =>
        new(400, ErrorCodes.ValidationFailed, "One or more fields are invalid: " + string.Join(", ", errors.Keys) + ".", errors);

    public static ClawException InvalidField(string field, string message) => InvalidFields(new() { [field] = [message] });
}
