using System.Text.Json.Nodes;

namespace Claw.Grains.Workflows;

/// <summary>Hands a step the results of its dependencies: <c>payload.inputs[step_name]</c>.</summary>
internal static class StepInputs
{
    public static string Merge(string? payloadJson, IEnumerable<(string Step, string? ResultJson)> results)
    {
        var payload = payloadJson is null ? new JsonObject() : JsonNode.Parse(payloadJson)!.AsObject();
        var inputs = new JsonObject();
        foreach (var (step, result) in results)
        {
            inputs[step] = result is null ? null : JsonNode.Parse(result);
        }

        payload["inputs"] = inputs;
        return payload.ToJsonString();
    }
}
