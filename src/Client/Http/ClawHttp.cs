using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Claw.Client.Http;

/// <summary>
/// The one HTTP pipe every route family uses: JSON in and out, problem details turned into <see cref="ClawApiException"/>,
/// and Microsoft.Extensions.Http.Resilience's retry in front of the wire, which waits what <c>Retry-After</c> says on a
/// 429 or 503 (see <see cref="RetryRule"/> for what else it tries again).
/// </summary>
internal sealed class ClawHttp : IDisposable
{
    private const string Api = "api/v1/";

    private readonly HttpClient _http;

    public ClawHttp(ClawClientOptions options)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(RetryRule.ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
            })
            .Build();
        var handler = new ResilienceHandler(pipeline)
        {
            InnerHandler = new SocketErrorHandler
            {
                InnerHandler = options.InnerHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) },
            },
        };
        var root = options.BaseAddress.ToString();
        _http = new HttpClient(handler)
        {
            BaseAddress = new Uri(root.EndsWith('/') ? root : root + "/"),
            Timeout = Timeout.InfiniteTimeSpan, // each call is bounded by CallTimeout; the event stream is not
        };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("claw-dotnet-client", typeof(ClawHttp).Assembly.GetName().Version?.ToString(3) ?? "0"));
        if (options.ApiKey is { Length: > 0 } key)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        CallTimeout = options.Timeout;
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public TimeSpan CallTimeout { get; }

    public Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, body: null, idempotencyKey: null, repeatable: true, cancellationToken);

    public Task<T> PostAsync<T>(string path, object? body, CancellationToken cancellationToken, bool repeatable = false) =>
        SendAsync<T>(HttpMethod.Post, path, body, idempotencyKey: null, repeatable, cancellationToken);

    /// <summary>A create: it carries an <c>Idempotency-Key</c> (the caller's, or a new one), so trying it again cannot make two.</summary>
    public Task<T> CreateAsync<T>(string path, object body, string? idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Post, path, body, idempotencyKey ?? Guid.NewGuid().ToString("N"), repeatable: true, cancellationToken);

    public Task<T> PutAsync<T>(string path, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Put, path, body, idempotencyKey: null, repeatable: true, cancellationToken);

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Delete, path, body: null, idempotencyKey: null, repeatable: false);
        using var timeout = Bounded(cancellationToken);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
    }

    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, string? idempotencyKey, bool repeatable, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, body, idempotencyKey, repeatable);
        using var timeout = Bounded(cancellationToken);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        return (await response.Content.ReadFromJsonAsync<T>(ClawJson.Options, timeout.Token))!;
    }

    /// <summary>Every page of a Claw list (<c>{items, next_cursor}</c>), following <c>next_cursor</c> until it is null.</summary>
    public async IAsyncEnumerable<T> PagesAsync<T>(string path, Query query, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var cursor = "";
        do
        {
            var page = await GetAsync<Page<T>>(query.Copy().With("limit", pageSize).With("cursor", cursor).Append(path), cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            cursor = page.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));
    }

    /// <summary>Sends as is and answers the response when it succeeded; a refusal becomes a <see cref="ClawApiException"/>.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(request, completion, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemAsync(response, cancellationToken);
        }
    }

    public HttpRequestMessage Request(HttpMethod method, string path, object? body, string? idempotencyKey, bool repeatable)
    {
        // "/health" is the server's root; everything else lives under /api/v1.
        var request = new HttpRequestMessage(method, path.StartsWith('/') ? path[1..] : Api + path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ClawJson.Options);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        RetryRule.MarkRepeatable(request, repeatable);
        return request;
    }

    private CancellationTokenSource Bounded(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        return timeout;
    }

    private static async Task<ClawApiException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var correlation = response.Headers.TryGetValues("X-Claw-Correlation-Id", out var values) ? values.FirstOrDefault() : null;
        string? code = null, detail = null;
        Dictionary<string, string[]>? errors = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                code = Text(root, "code");
                detail = Text(root, "detail") ?? Text(root, "title");
                correlation = Text(root, "correlation_id") ?? correlation;
                if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                {
                    errors = e.EnumerateObject().ToDictionary(
                        p => p.Name,
                        p => p.Value.ValueKind == JsonValueKind.Array ? [.. p.Value.EnumerateArray().Select(m => m.ToString())] : new[] { p.Value.ToString() });
                }
            }
        }
        catch (JsonException)
        {
            // not a problem document (a proxy's page): the status speaks for itself
        }

        return new ClawApiException(response.StatusCode, code, correlation, detail, errors);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public void Dispose() => _http.Dispose();
}
