using System.Text.Json;
using System.Text.Json.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.OpenClaw.Protocol;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// What a turn shows of its run while the gateway streams it: the <c>agent</c> events folded into a phase, the text so
/// far, the session the gateway names and why the run stopped. Events may come faster than progress is written: the
/// latest state is taken at most once per interval, and only when something changed.
/// </summary>
public sealed class TurnProgress
{
    /// <summary>The longest text a progress write carries.</summary>
    public const int MaxText = 2000;

    private readonly object _gate = new();
    private string? _phase;
    private string? _text;
    private string? _sessionKey;
    private string? _stopReason;
    private bool _changed;

    /// <summary>The session key the gateway's events named first, and the run's stop reason, for the final outcome.</summary>
    public (string? SessionKey, string? StopReason) Seen
    {
        get
        {
            lock (_gate)
            {
                return (_sessionKey, _stopReason);
            }
        }
    }

    /// <summary>Folds a gateway event of this turn's run in; only <c>agent</c> events count.</summary>
    public void OnEvent(string name, JsonElement payload)
    {
        if (name != "agent")
        {
            return;
        }

        var data = payload.Prop("data") ?? default;
        lock (_gate)
        {
            _sessionKey ??= payload.Str("sessionKey");
            switch (payload.Str("stream"))
            {
                case "lifecycle":
                    _phase = data.Str("phase") ?? _phase;
                    _stopReason = data.Str("stopReason") ?? _stopReason;
                    break;
                case "assistant":
                    _text = data.Str("text") ?? (_text + data.Str("delta"));
                    _phase = "streaming";
                    break;
            }

            _changed = true;
        }
    }

    /// <summary>A phase Claw knows itself (the gateway accepted the request).</summary>
    public void Mark(string phase)
    {
        lock (_gate)
        {
            _phase = phase;
            _changed = true;
        }
    }

    /// <summary>The progress to write for <paramref name="runInFlight"/> when something changed since the last take; null otherwise, or when no run is in flight.</summary>
    public TaskProgress? Take(string? runInFlight)
    {
        lock (_gate)
        {
            if (!_changed || runInFlight is null)
            {
                return null;
            }

            _changed = false;
            var text = _text is { Length: > MaxText } full ? full[..MaxText] : _text;
            var data = new JsonObject { ["phase"] = _phase, ["run_id"] = runInFlight, ["session_key"] = _sessionKey, ["text"] = text }.ToJsonString();
            return new TaskProgress(Percent(_phase), _phase, data, default);
        }
    }

    /// <summary>The run ended: what it streamed last is not written any more.</summary>
    public void Settle()
    {
        lock (_gate)
        {
            _changed = false;
        }
    }

    /// <summary>A rough share done per phase: progress readers see movement, not a measurement.</summary>
    public static int Percent(string? phase) => phase switch
    {
        "accepted" => 5,
        "start" => 10,
        "model" => 20,
        "streaming" => 50,
        "finishing" => 90,
        "end" => 95,
        _ => 10,
    };
}
