using Claw.Abstractions.Errors;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Http;

/// <summary>Problem results that handlers return directly (refusals found before any grain is called).</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what, string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Not Found",
        detail: $"{what} '{id}' was not found.",
        extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.NotFound });

    public static ProblemHttpResult Invalid(string field, string message) => ValidationFilter.Invalid(new ValidationErrors().Add(field, message));
}
