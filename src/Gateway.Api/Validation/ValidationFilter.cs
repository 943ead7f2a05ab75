using Claw.Abstractions.Errors;

namespace Claw.Gateway.Validation;

/// <summary>Answers 400 <c>validation_failed</c> with field errors when any <see cref="IValidatable"/> argument is invalid.</summary>
internal sealed class ValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = new ValidationErrors();
        foreach (var argument in context.Arguments)
        {
            (argument as IValidatable)?.Validate(errors);
        }

        return errors.IsEmpty ? await next(context) : Invalid(errors);
    }

    public static ProblemHttpResult Invalid(ValidationErrors errors) => TypedResults.Problem(new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(errors.ToDictionary())
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Bad Request",
        Detail = "One or more fields are invalid.",
        Extensions = { ["code"] = ErrorCodes.ValidationFailed },
    });
}
