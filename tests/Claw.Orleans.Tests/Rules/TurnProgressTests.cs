using System.Text.Json;
using System.Text.Json.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.OpenClaw;

namespace Claw.Tests.Rules;

/// <summary>A turn's streamed events folded into progress: phases, text, the session named, at most one write per change.</summary>
public sealed class TurnProgressTests
{
    private const string RunId = "task-1:1";

    private static JsonElement Event(string stream, object data, string? sessionKey = "agent:main:s1") =>
        JsonSerializer.SerializeToElement(new { runId = RunId, sessionKey, stream, data });

    private static JsonObject Data(TaskProgress progress) => JsonNode.Parse(progress.DataJson!)!.AsObject();

    [Fact]
    public void Nothing_is_written_before_a_change_nor_twice_for_one_nor_without_a_run_in_flight()
    {
        var progress = new TurnProgress();
        Assert.Null(progress.Take(RunId));

        progress.Mark("accepted");
        Assert.Null(progress.Take(null));
        var first = progress.Take(RunId);
        Assert.NotNull(first);
        Assert.Equal((5, "accepted"), (first.Percent, first.Message));
        Assert.Null(progress.Take(RunId));

        progress.Mark("end");
        progress.Settle(); // the run ended: its last change is not written
        Assert.Null(progress.Take(RunId));
    }

    [Fact]
    public void Assistant_deltas_add_up_and_a_full_text_replaces_them()
    {
        var progress = new TurnProgress();
        progress.OnEvent("agent", Event("assistant", new { delta = "Hel" }));
        progress.OnEvent("agent", Event("assistant", new { delta = "lo" }));
        var streamed = progress.Take(RunId)!;
        Assert.Equal((50, "streaming"), (streamed.Percent, streamed.Message));
        Assert.Equal(("Hello", RunId, "agent:main:s1"), ((string?)Data(streamed)["text"], (string?)Data(streamed)["run_id"], (string?)Data(streamed)["session_key"]));

        progress.OnEvent("agent", Event("assistant", new { text = new string('x', TurnProgress.MaxText + 10) }));
        Assert.Equal(TurnProgress.MaxText, ((string)Data(progress.Take(RunId)!)["text"]!).Length);
    }

    [Fact]
    public void Lifecycle_events_set_the_phase_and_stop_reason_and_the_first_session_named_stays()
    {
        var progress = new TurnProgress();
        progress.OnEvent("agent", Event("lifecycle", new { phase = "model" }, sessionKey: "agent:main:first"));
        Assert.Equal(20, progress.Take(RunId)!.Percent);

        progress.OnEvent("agent", Event("lifecycle", new { phase = "end", stopReason = "stop" }, sessionKey: "agent:main:second"));
        progress.OnEvent("agent", Event("lifecycle", new { other = 1 })); // no phase: the last one stays
        var ended = progress.Take(RunId)!;
        Assert.Equal((95, "end"), (ended.Percent, ended.Message));
        Assert.Equal(("agent:main:first", "stop"), progress.Seen);
    }

    [Fact]
    public void Other_events_are_not_progress()
    {
        var progress = new TurnProgress();
        progress.OnEvent("chat", Event("assistant", new { text = "hi" }));
        Assert.Null(progress.Take(RunId));
        Assert.Equal(((string?)null, (string?)null), progress.Seen);
    }

    [Theory]
    [InlineData("accepted", 5)]
    [InlineData("start", 10)]
    [InlineData("model", 20)]
    [InlineData("streaming", 50)]
    [InlineData("finishing", 90)]
    [InlineData("end", 95)]
    [InlineData("unheard-of", 10)]
    [InlineData(null, 10)]
    public void Each_phase_shows_its_share(string? phase, int percent) => Assert.Equal(percent, TurnProgress.Percent(phase));
}
