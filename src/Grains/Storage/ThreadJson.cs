using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Claw.Grains.Storage;

/// <summary>
/// Small JSON texts written on hot paths (an event's data, a write's companion rows) through one buffer and writer per
/// thread instead of new ones per text.
/// </summary>
public static class ThreadJson
{
    /// <summary>A buffer grown past this by a long text is not kept by its thread.</summary>
    private const int MaxKeptBytes = 16 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The text <paramref name="write"/> writes. A write nested in another on the same thread gets a writer of its own.</summary>
    public static string Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var (buffer, json) = (t_buffer, t_writer);
        (t_buffer, t_writer) = (null, null); // taken: a nested write makes its own
        buffer ??= new ArrayBufferWriter<byte>(256);
        json ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        write(json, state);
        json.Flush();
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity <= MaxKeptBytes)
        {
            (t_buffer, t_writer) = (buffer, json);
        }

        return text;
    }
}
