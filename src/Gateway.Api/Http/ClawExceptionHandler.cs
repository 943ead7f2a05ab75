using System.Data.Common;
using System.Text.Json;
using Claw.Abstractions.Errors;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.Http;

/// <summary>
/// The one place where exceptions become problem details: domain refusals keep their status and code, bad requests
/// found by the framework get theirs, an unavailable database or cluster is a 503 with <c>Retry-After</c>, and
/// anything else is a 500 without a stack trace.
/// </summary>
internal sealed partial class ClawExceptionHandler(IProblemDetailsService problems, ILogger<ClawExceptionHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            return true; // The client went away; there is nobody to answer.
        }

        var problem = Describe(exception);
        if (problem.Status >= 500)
        {
            LogFailure(logger, context.Request.Method, context.Request.Path, problem.Extensions["code"] as string, exception);
        }

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Describe(Exception exception) => exception switch
    {
        ClawException { Errors: { } fields } => ValidationFilter.Problem(fields),
        ClawException claw => Problem(claw.Status, claw.Code, claw.Message),
        BadHttpRequestException { InnerException: JsonException json } => Malformed(json),
        BadHttpRequestException bad => Problem(bad.StatusCode, ProblemCodes.ForStatus(bad.StatusCode), BadRequestDetail(bad)),
        _ when Find<DbException>(exception) is not null => Problem(503, ErrorCodes.StorageUnavailable, "Storage is unavailable; retry later."),
        // A grain call's message that expired on the way (Orleans cancels it, e.g. while a dead silo's grains are placed
        // anew) is the cluster not answering in time too; a cancelled request was answered above.
        TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or OperationCanceledException =>
            Problem(503, ErrorCodes.ClusterUnavailable, "The cluster did not answer in time; retry later."),
        _ => Problem(500, ErrorCodes.InternalError, "An unexpected error occurred; it has been logged with the correlation id."),
    };

    /// <summary>
    /// Broken JSON is <c>malformed_json</c>; well-formed JSON with a field of the wrong type or an unknown enum value
    /// is <c>validation_failed</c> naming the field. System.Text.Json marks syntax errors by an inner reader exception.
    /// </summary>
    private static ProblemDetails Malformed(JsonException json)
    {
        var syntax = json.InnerException?.GetType().Name == "JsonReaderException" || json.Path is null or "$";
        if (syntax)
        {
            return Problem(400, ErrorCodes.MalformedJson, "The request body is not valid JSON.");
        }

        var field = json.Path!.TrimStart('$', '.');
        return ValidationFilter.Problem(new Dictionary<string, string[]> { [field.Length == 0 ? "body" : field] = ["Has the wrong type, an unknown value, or text that is not valid Unicode."] });
    }

    private static string BadRequestDetail(BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this server accepts.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        _ => "The request could not be read: " + bad.Message,
    };

    private static ProblemDetails Problem(int status, string code, string detail) => new()
    {
        Status = status,
        Title = ReasonPhrases(status),
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }

        return null;
    }

    [LoggerMessage(EventIds.RequestFailed, LogLevel.Error, "{Method} {Path} failed with {Code}")]
    private static partial void LogFailure(ILogger logger, string method, PathString path, string? code, Exception exception);
}
