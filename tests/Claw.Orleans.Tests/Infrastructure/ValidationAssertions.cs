using System.Net;
using System.Text.Json;

namespace Claw.Tests.Infrastructure;

/// <summary>Field-level refusals, whichever status the gateway answers them with.</summary>
public static class ValidationAssertions
{
    /// <summary>
    /// <c>validation_failed</c> with <c>errors</c>: API.md answers 422 for a well-formed body with invalid fields; the
    /// gateway answered 400 when these tests were written. Either is a refusal; a 2xx or a 500 fails.
    /// </summary>
    public static Task<JsonElement> AssertValidationProblemAsync(this HttpResponseMessage response) =>
        response.AssertProblemAsync(response.StatusCode == HttpStatusCode.UnprocessableEntity ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.BadRequest, "validation_failed");
}
