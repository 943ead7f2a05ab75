using System.Text.Json;
using Claw.Abstractions.Json;
using Claw.Grains.Workflows;

namespace Claw.Tests.Hardening;

/// <summary>
/// Issue 23, part 1: a dependency's result that would push the next step's payload past what readers take, or that
/// cannot be written back (stored before the door checked it), reaches the step as the unreadable marker, and the
/// payload it makes always reads.
/// </summary>
public sealed class StepInputsTests
{
    [Fact]
    public void A_result_at_the_door_limit_is_handed_over_whole()
    {
        var merged = StepInputs.Merge("""{"own":1}""", [("first", JsonShapes.Deep(JsonLimits.MaxDepth))]);
        using var payload = JsonDocument.Parse(merged, new JsonDocumentOptions { MaxDepth = JsonLimits.StoredDepth });
        Assert.Equal(1, payload.RootElement.GetProperty("own").GetInt32());
        Assert.False(JsonShapes.IsUnreadableMarker(payload.RootElement.GetProperty("inputs").GetProperty("first")));
    }

    [Theory]
    [InlineData(63)]
    [InlineData(JsonLimits.StoredDepth - 1)]
    public void A_result_too_deep_for_the_payload_becomes_the_marker(int depth)
    {
        var merged = StepInputs.Merge(null, [("first", JsonShapes.Deep(depth)), ("second", """{"fine":true}""")]);
        using var payload = JsonDocument.Parse(merged, new JsonDocumentOptions { MaxDepth = JsonLimits.StoredDepth });
        var inputs = payload.RootElement.GetProperty("inputs");
        Assert.True(JsonShapes.IsUnreadableMarker(inputs.GetProperty("first")));
        Assert.True(inputs.GetProperty("second").GetProperty("fine").GetBoolean());
    }

    [Theory]
    [InlineData("""{"x":"\ud800"}""")]
    [InlineData("""{"broken":""")]
    public void A_result_that_cannot_be_written_back_becomes_the_marker(string result)
    {
        var merged = StepInputs.Merge("""{"own":1}""", [("first", result)]);
        using var payload = JsonDocument.Parse(merged);
        Assert.True(JsonShapes.IsUnreadableMarker(payload.RootElement.GetProperty("inputs").GetProperty("first")));
        Assert.Equal(merged, JsonSerializer.Serialize(payload.RootElement)); // it writes back
    }
}
