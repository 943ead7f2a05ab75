using System.Net;
using System.Text;
using System.Text.Json;

namespace Claw.Tests.Infrastructure;

/// <summary>Reads responses the way a client would and checks the problem-details contract.</summary>
public static class HttpAssertions
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with the status and stable code; returns the body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(body.Contains("   at ", StringComparison.Ordinal), "a stack trace leaked: " + body);
        return problem;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) => client.PostAsync(path, Json(json));

    /// <summary>
    /// Posts a large body the way a careful client does, with <c>Expect: 100-continue</c>: a server that refuses the
    /// size answers before the upload, instead of closing the connection under a client still sending.
    /// </summary>
    public static async Task<HttpResponseMessage> PostLargeJsonAsync(this HttpClient client, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(json) };
        request.Headers.ExpectContinue = true;
        return await client.SendAsync(request);
    }
}
