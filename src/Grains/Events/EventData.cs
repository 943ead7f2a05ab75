using System.Text;
using System.Text.Json;

namespace Claw.Grains.Events;

/// <summary>The <c>data</c> object of an event row: the fields that have a value, as a small JSON object.</summary>
public static class EventData
{
    public static string? Of(params (string Name, object? Value)[] fields)
    {
        if (fields.All(f => f.Value is null))
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
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

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
