using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Claw.Tests.Hardening.Fuzz;
using Claw.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Claw.Tests.Hardening;

/// <summary>
/// Issue 23, part 8: every POST route of <c>/openapi/v1.json</c> gets bodies with one field (or the whole body)
/// replaced by a wrong type, a huge or non-finite number, nesting at and past the limit, a lone surrogate, a long or
/// control-laden string. Each answer is a success or a 4xx problem with a code (never a 5xx), inputs no server may
/// take are refused, and after the whole run every list, read and poll still answers. Seeded, so a failure repeats.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class FuzzTests(HardeningFixture fixture, ITestOutputHelper output)
{
    private const int Seed = 2326;
    private readonly ClawApi _api = new(fixture.Client);
    private readonly Random _random = new(Seed);

    [Fact]
    public async Task Every_post_route_answers_bad_bodies_with_a_4xx_problem_and_every_list_and_poll_still_reads()
    {
        var document = await (await _api.Http.GetAsync("/openapi/v1.json")).EnsureSuccessStatusCode().ReadJsonAsync();
        var schemas = new OpenApiSchemas(document);
        var ids = await SeedAsync();
        var watch = Stopwatch.StartNew();
        var failures = new List<string>();
        var sent = 0;
        var posts = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name == "post").Select(o => (Path: p.Name, Operation: o.Value)))
            .ToList();
        Assert.True(posts.Count >= 30, $"the OpenAPI document lists only {posts.Count} POST routes");

        foreach (var (path, operation) in posts)
        {
            var sample = schemas.BodyOf(operation) is { } schema && schemas.Sample(schema) is JsonObject fields ? PlausibleBodies.Make(fields, ids) : null;
            if (sample is not null)
            {
                // The starting body must pass the door, or its mutations would test nothing past the validator.
                var start = await _api.Http.PostAsync(ids.Fill(path, _random), HttpAssertions.Json(sample.ToJsonString()));
                if (start.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge or >= HttpStatusCode.InternalServerError)
                {
                    failures.Add($"POST {path} refused its starting body {sample.ToJsonString()}: {Cut(await start.Content.ReadAsStringAsync())}");
                }
            }

            foreach (var (name, body, mustRefuse) in Cases(schemas, schemas.BodyOf(operation), sample))
            {
                var url = ids.Fill(path, _random);
                var response = await _api.Http.PostAsync(url, HttpAssertions.Json(body));
                sent++;
                if (await ProblemWithAsync(response, mustRefuse) is { } problem)
                {
                    failures.Add($"POST {url} [{name}]: {problem}");
                }
            }
        }

        output.WriteLine($"{sent} requests over {posts.Count} POST routes in {watch.Elapsed.TotalSeconds:0.0} s (seed {Seed})");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} answers broke the contract:\n" + string.Join("\n", failures.Take(40)));
        Assert.True(sent > 2_000, $"only {sent} requests: the schemas were not read");
        await EverythingStillReadsAsync(document, ids);
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(5), $"the fuzz took {watch.Elapsed}; keep it a CI-sized run");
    }

    /// <summary>The bodies for one route: the plausible body with each field, then each nested field, mutated; then bad whole bodies.</summary>
    private static IEnumerable<(string Name, string Body, bool MustRefuse)> Cases(OpenApiSchemas schemas, JsonElement? schema, JsonObject? sample)
    {
        if (schema is { } body && sample is not null)
        {
            foreach (var (property, propertySchema) in schemas.PropertiesOf(body))
            {
                foreach (var mutation in BodyMutations.Values)
                {
                    yield return ($"{property}: {mutation.Name}", BodyMutations.Apply(sample, [property], mutation), MustRefuse(schemas, propertySchema, mutation));
                }

                foreach (var (inner, innerSchema) in schemas.PropertiesOf(propertySchema))
                {
                    foreach (var mutation in BodyMutations.Values)
                    {
                        yield return ($"{property}.{inner}: {mutation.Name}", BodyMutations.Apply(sample, [property, inner], mutation), MustRefuse(schemas, innerSchema, mutation));
                    }
                }
            }

            foreach (var whole in BodyMutations.Bodies)
            {
                yield return (whole.Name, whole.Json, whole.MustRefuse);
            }
        }
        else
        {
            // Routes without a body must ignore one, whatever it is.
            foreach (var whole in BodyMutations.Bodies.Take(3))
            {
                yield return (whole.Name, whole.Json, false);
            }
        }
    }

    /// <summary>
    /// Whether no server may take the mutation in this field. An object put where a record is expected may be taken:
    /// its unknown members are skipped unread, as ClawBot clients' extra fields are, and nothing of them is stored.
    /// </summary>
    private static bool MustRefuse(OpenApiSchemas schemas, JsonElement field, BodyMutations.Mutation mutation) =>
        mutation.MustRefuse && !(mutation.Json.StartsWith('{') && schemas.PropertiesOf(field).Any());

    /// <summary>Null when the answer keeps the contract, else what is wrong with it.</summary>
    private static async Task<string?> ProblemWithAsync(HttpResponseMessage response, bool mustRefuse)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            return $"{status} {Cut(text)}";
        }

        if (mustRefuse && status < 400)
        {
            return $"accepted ({status}) an input no server may take";
        }

        if (status < 400)
        {
            return null;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} without a problem document: {Cut(text)}";
        }

        using var problem = JsonDocument.Parse(text);
        return problem.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
            ? null
            : $"{status} problem without a code: {Cut(text)}";
    }

    /// <summary>After the run: every GET route of the document (lists bare and paged, and reads of the seeded resources) and a poll.</summary>
    private async Task EverythingStillReadsAsync(JsonElement document, FuzzIds ids)
    {
        var gets = document.GetProperty("paths").EnumerateObject().Where(p => p.Value.TryGetProperty("get", out _)).Select(p => p.Name).ToList();
        foreach (var path in gets)
        {
            foreach (var query in new[] { "", "?limit=500" })
            {
                var url = ids.Fill(path, _random) + query;
                using var response = await _api.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode); // a stream that never ends: its start is what reads
                    continue;
                }

                var text = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode < 500, $"GET {url} after the fuzz: {(int)response.StatusCode} {Cut(text)}");
                if (response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
                {
                    using var _ = JsonDocument.Parse(text); // a whole document, not a truncated one
                }
            }
        }

        foreach (var queue in new[] { ids.Queue, "fuzz", "default" })
        {
            var poll = await _api.Http.PostJsonAsync($"/api/v1/nodes/{ids.Node}/poll", $$"""{"queues":["{{queue}}"],"max_tasks":100,"wait_seconds":0}""");
            Assert.True(poll.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.NotFound, $"poll {queue}: {(int)poll.StatusCode} {Cut(await poll.Content.ReadAsStringAsync())}");
        }

        var reader = await _api.RegisterNodeAsync(slots: 100);
        foreach (var queue in new[] { ids.Queue, "fuzz", "default" })
        {
            Assert.True((await _api.PollAsync(reader, queue, max: 100)).Count >= 0);
        }
    }

    /// <summary>Real resources for the path parameters, so bodies reach the grains rather than a 404.</summary>
    private async Task<FuzzIds> SeedAsync()
    {
        var queue = ClawApi.NewId("fz");
        var node = await _api.RegisterNodeAsync(slots: 10);
        var pending = (await _api.SubmitAsync(queue)).Str("id");
        await _api.SubmitAsync(queue);
        var lease = await _api.PollOneAsync(node, queue, wait: 5);
        var workflow = (await (await _api.Http.PostJsonAsync("/api/v1/workflows", $$"""{"name":"fuzz","queue":"{{queue}}","task_payloads":[{"n":1}]}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
        var swarm = (await (await _api.Http.PostJsonAsync("/api/v1/swarms", """{"name":"fuzz"}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
        var schedule = (await (await _api.Http.PostJsonAsync("/api/v1/schedules", $$$"""{"name":"fuzz","interval_seconds":3600,"paused":true,"task":{"queue":"{{{queue}}}"}}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
        return new FuzzIds(queue, node, [pending, lease.Str("task_id")], lease.Str("lease_id"), workflow, swarm, schedule);
    }

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
