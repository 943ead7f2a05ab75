using System.Text.Json;

namespace Claw.Gateway.Tasks;

/// <summary>The holder's last progress report.</summary>
public sealed record ProgressBody(int Percent, string? Message, JsonElement? Data, DateTimeOffset At);
