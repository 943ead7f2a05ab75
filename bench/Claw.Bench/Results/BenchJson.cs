using System.Text.Json;
using System.Text.Json.Serialization;

namespace Claw.Bench.Results;

/// <summary>The JSON shape of every file the bench writes: snake_case, indented, NaN as a string.</summary>
internal static class BenchJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static async Task WriteAsync<T>(string path, T value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(value, Options) + "\n");
    }

    public static async Task<T> ReadAsync<T>(string path) =>
        JsonSerializer.Deserialize<T>(await File.ReadAllTextAsync(path), Options) ?? throw new InvalidDataException($"{path} is empty");
}
