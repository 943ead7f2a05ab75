using System.Text.Json;
using Claw.Grains.Storage;

namespace Claw.Grains.Events;

/// <summary>The <c>data</c> object of an event row: the fields that have a value, as a small JSON object.</summary>
public static class EventData
{
    public static string? Of(params (string Name, object? Value)[] fields) =>
        Array.TrueForAll(fields, f => f.Value is null) ? null : ThreadJson.Write(fields, WriteObject);

    private static void WriteObject(Utf8JsonWriter json, (string Name, object? Value)[] fields)
    {
        json.WriteStartObject();
        foreach (var (name, value) in fields)
        {
            switch (value)
            {
                case null:
                    break;
                case long number:
                    json.WriteNumber(name, number);
                    break;
                case int number:
                    json.WriteNumber(name, number);
                    break;
                default:
                    json.WriteString(name, value.ToString());
                    break;
            }
        }

        json.WriteEndObject();
    }
}
