using Claw.Abstractions.Errors;
using Microsoft.Extensions.Options;

namespace Claw.Gateway.Validation;

/// <summary>
/// Answers <c>validation_failed</c> with field errors when any <see cref="IValidatable"/> argument is invalid (413
/// <c>payload_too_large</c> when a field is refused for its size). <see cref="Problem"/> is the one place that shapes
/// field errors, for the ones a grain finds as well.
/// </summary>
internal sealed class ValidationFilter(IOptions<PayloadLimits> limits) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = new ValidationErrors(limits.Value);
        foreach (var argument in context.Arguments)
        {
            (argument as IValidatable)?.Validate(errors);
        }

        return errors.IsEmpty ? await next(context) : Invalid(errors);
    }

    public static ProblemHttpResult Invalid(ValidationErrors errors) => TypedResults.Problem(Problem(errors.ToDictionary(), errors.TooLarge));

    /// <summary>The problem details of field errors: 400 <c>validation_failed</c>, or 413 <c>payload_too_large</c>.</summary>
    public static HttpValidationProblemDetails Problem(IDictionary<string, string[]> errors, bool tooLarge = false) => tooLarge
        ? new(errors)
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "Payload Too Large",
            Detail = "A field is larger than this server accepts.",
            Extensions = { ["code"] = ErrorCodes.PayloadTooLarge },
        }
        : new(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Bad Request",
            Detail = "One or more fields are invalid.",
            Extensions = { ["code"] = ErrorCodes.ValidationFailed },
        };
}
