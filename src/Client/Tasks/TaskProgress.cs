using System.Text.Json;

namespace Claw.Client.Tasks;

/// <summary>The latest progress a task's holder reported.</summary>
public sealed record TaskProgress(int Percent, string? Message, JsonElement? Data, DateTimeOffset At);
