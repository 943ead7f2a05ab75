using System.Net;
using System.Text.Json;

namespace Claw.Tests.Infrastructure;

/// <summary>Field errors as the API answers them: a <c>validation_failed</c> problem naming each field.</summary>
public static class InvalidFields
{
    /// <summary>
    /// Asserts a <c>validation_failed</c> problem (400 today; 422 as API.md asks once the gateway answers it) whose
    /// <c>errors</c> name every one of <paramref name="fields"/>.
    /// </summary>
    public static async Task<JsonElement> AssertInvalidAsync(this HttpResponseMessage response, params string[] fields)
    {
        var status = response.StatusCode is HttpStatusCode.UnprocessableEntity ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.BadRequest;
        var problem = await response.AssertProblemAsync(status, "validation_failed");
        var named = problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(e => e.Name).ToList() : [];
        Assert.All(fields, field => Assert.Contains(field, named));
        return problem;
    }
}
