using Claw.Abstractions.Errors;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Http;

/// <summary>Problem results that handlers return directly (refusals found before any grain is called).</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what, string id) => NotFound($"{what} '{id}' was not found.");

    /// <summary>A 404 <c>not_found</c> whose detail is <paramref name="detail"/> (ClawBot's sentence where its clients read it).</summary>
    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Not Found",
        detail: detail,
        extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.NotFound });

    public static ProblemHttpResult Invalid(string field, string message) => ValidationFilter.Invalid(new ValidationErrors().Add(field, message));
}
