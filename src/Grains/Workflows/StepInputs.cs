using System.Text.Json;
using System.Text.Json.Nodes;
using Claw.Abstractions.Json;

namespace Claw.Grains.Workflows;

/// <summary>
/// Hands a step the results of its dependencies: <c>payload.inputs[step_name]</c>. Each result sits two levels below
/// the payload, inside the headroom <see cref="JsonLimits.StoredDepth"/> keeps for it; a result that would not fit or
/// cannot be written back (stored before the door checked it) is handed over as the unreadable marker instead, so the
/// step's payload always reads.
/// </summary>
public static class StepInputs
{
    private const int InputNesting = 2;

    public static string Merge(string? payloadJson, IEnumerable<(string Step, string? ResultJson)> results)
    {
        var payload = payloadJson is null ? new JsonObject() : Readable(payloadJson, JsonLimits.StoredDepth) as JsonObject ?? Marker("the step's own payload");
        var inputs = new JsonObject();
        foreach (var (step, result) in results)
        {
            inputs[step] = result is null ? null : Readable(result, JsonLimits.StoredDepth - InputNesting) ?? Marker($"the result of step '{step}'");
        }

        payload["inputs"] = inputs;
        return payload.ToJsonString();
    }

    /// <summary>The parsed value when it is within <paramref name="maxDepth"/> and can be written back; else null.</summary>
    private static JsonNode? Readable(string json, int maxDepth)
    {
        try
        {
            var node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = maxDepth });
            _ = node?.ToJsonString(); // a lone surrogate or broken text fails only when written
            return node;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static JsonObject Marker(string what) =>
        JsonNode.Parse(JsonLimits.Unreadable($"{what} is nested too deep to hand over or is not valid text."))!.AsObject();
}
