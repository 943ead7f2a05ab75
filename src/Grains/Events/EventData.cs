using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Claw.Grains.Events;

/// <summary>The <c>data</c> object of an event row: the fields that have a value, as a small JSON object.</summary>
public static class EventData
{
    /// <summary>A buffer grown past this by a long error text is not kept by its thread.</summary>
    private const int MaxKeptBytes = 16 * 1024;

    // Every event of every task is written here: the buffer and its writer are reused by the thread, not made per event.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static string? Of(params (string Name, object? Value)[] fields)
    {
        if (Array.TrueForAll(fields, f => f.Value is null))
        {
            return null;
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var json = t_writer ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
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
        json.Flush();
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity > MaxKeptBytes)
        {
            (t_buffer, t_writer) = (null, null);
        }

        return text;
    }
}
