using System.Text.Json;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Claw.Gateway.Validation;

/// <summary>
/// The one id guard of every route: each parameter of the route pattern (<c>{id}</c>, <c>{nodeId}</c>) names a
/// resource, so it must follow <see cref="Ids"/>; otherwise the request ends here with the same field errors a body
/// gets (<c>validation_failed</c> naming <c>id</c> or <c>node_id</c>), before any grain is called.
/// </summary>
internal sealed class IdRouteFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.GetEndpoint() is RouteEndpoint { RoutePattern.Parameters: { Count: > 0 } parameters } && Check(parameters, http.Request.RouteValues) is { } errors)
        {
            return ValueTask.FromResult<object?>(ValidationFilter.Invalid(errors));
        }

        return next(context);
    }

    private static ValidationErrors? Check(IReadOnlyList<RoutePatternParameterPart> parameters, RouteValueDictionary values)
    {
        ValidationErrors? errors = null;
        foreach (var parameter in parameters)
        {
            if (!Ids.IsValid(values.TryGetValue(parameter.Name, out var value) ? value as string : null))
            {
                (errors ??= new ValidationErrors()).Add(JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter.Name), Ids.Rule);
            }
        }

        return errors;
    }
}
