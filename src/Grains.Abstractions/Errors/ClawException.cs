namespace Claw.Abstractions.Errors;

/// <summary>
/// A domain rule refused a request. It crosses grain boundaries and the gateway maps it, in one place,
/// to problem details with <see cref="Status"/> and the stable machine <see cref="Code"/>.
/// </summary>
[GenerateSerializer, Alias("claw.error")]
public sealed class ClawException : Exception
{
    public ClawException(int status, string code, string detail)
        : base(detail)
    {
        Status = status;
        Code = code;
    }

    /// <summary>The HTTP status this error answers with (404, 409, ...).</summary>
    [Id(0)]
    public int Status { get; }

    /// <summary>The stable machine code, e.g. <c>lease_not_owner</c>.</summary>
    [Id(1)]
    public string Code { get; }

    public static ClawException NotFound(string what, string id) => new(404, ErrorCodes.NotFound, $"{what} '{id}' was not found.");

    public static ClawException Conflict(string code, string detail) => new(409, code, detail);

    /// <summary>A field of a request (or a WebSocket frame) is missing or out of range.</summary>
    public static ClawException Invalid(string detail) => new(400, ErrorCodes.ValidationFailed, detail);
}
