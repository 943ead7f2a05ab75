namespace Claw.Gateway.Http;

/// <summary>
/// Serves <c>/api/...</c> as <c>/api/v1/...</c>, the base path some ClawBot and Dash clients use: the path is rewritten
/// before routing, so both reach the same endpoint with the same filters, and the API is mapped (and documented) once.
/// </summary>
internal sealed class ApiAliasMiddleware(RequestDelegate next)
{
    private static readonly PathString Alias = "/api";
    private static readonly PathString Versioned = "/api/v1";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments(Alias, out var rest) && rest.HasValue && rest != "/" && !path.StartsWithSegments(Versioned))
        {
            context.Request.Path = Versioned.Add(rest);
        }

        return next(context);
    }
}
