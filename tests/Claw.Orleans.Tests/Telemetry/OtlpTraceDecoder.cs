namespace Claw.Tests.Telemetry;

/// <summary>
/// Reads an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry/proto/collector/trace/v1) into spans: resource spans,
/// their service attributes, scope spans, and each span's ids, name, kind, attributes (as text) and links.
/// </summary>
internal static class OtlpTraceDecoder
{
    public static List<ReceivedSpan> Decode(ReadOnlySpan<byte> request)
    {
        var spans = new List<ReceivedSpan>();
        var reader = new ProtoReader(request);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1)
            {
                ReadResourceSpans(reader.ReadBytes(), spans);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return spans;
    }

    private static void ReadResourceSpans(ReadOnlySpan<byte> message, List<ReceivedSpan> spans)
    {
        var resource = new Dictionary<string, string>();
        var scopes = new List<byte[]>();
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    ReadAttributes(reader.ReadBytes(), attributeField: 1, resource);
                    break;
                case 2:
                    scopes.Add(reader.ReadBytes().ToArray());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        var service = resource.GetValueOrDefault("service.name", "");
        var instance = resource.GetValueOrDefault("service.instance.id", "");
        foreach (var scope in scopes)
        {
            ReadScopeSpans(scope, service, instance, spans);
        }
    }

    private static void ReadScopeSpans(ReadOnlySpan<byte> message, string service, string instance, List<ReceivedSpan> spans)
    {
        var scopeName = "";
        var bodies = new List<byte[]>();
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    scopeName = ReadField(reader.ReadBytes(), wanted: 1); // InstrumentationScope.name
                    break;
                case 2:
                    bodies.Add(reader.ReadBytes().ToArray());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        spans.AddRange(bodies.Select(body => ReadSpan(body, service, instance, scopeName)));
    }

    /// <summary>The first occurrence of a length-delimited field, as text or (ids) as lower-case hex; empty when absent.</summary>
    private static string ReadField(ReadOnlySpan<byte> message, int wanted, bool hex = false)
    {
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == wanted)
            {
                return hex ? reader.ReadHex() : reader.ReadString();
            }

            reader.Skip(wire);
        }

        return "";
    }

    private static ReceivedSpan ReadSpan(ReadOnlySpan<byte> message, string service, string instance, string scope)
    {
        string traceId = "", spanId = "", parentId = "", name = "";
        var kind = SpanKind.Unspecified;
        var attributes = new Dictionary<string, string>();
        var links = new List<string>();
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    traceId = reader.ReadHex();
                    break;
                case 2:
                    spanId = reader.ReadHex();
                    break;
                case 4:
                    parentId = reader.ReadHex();
                    break;
                case 5:
                    name = reader.ReadString();
                    break;
                case 6:
                    kind = (SpanKind)reader.ReadVarint();
                    break;
                case 9:
                    ReadAttribute(reader.ReadBytes(), attributes);
                    break;
                case 13:
                    links.Add(ReadField(reader.ReadBytes(), wanted: 2, hex: true)); // Link.span_id
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return new ReceivedSpan(service, instance, scope, traceId, spanId, parentId, name, kind, attributes, links);
    }

    private static void ReadAttributes(ReadOnlySpan<byte> message, int attributeField, Dictionary<string, string> into)
    {
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == attributeField)
            {
                ReadAttribute(reader.ReadBytes(), into);
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    /// <summary>A <c>KeyValue</c>: its key, and its <c>AnyValue</c> as text (strings, booleans, integers, doubles).</summary>
    private static void ReadAttribute(ReadOnlySpan<byte> message, Dictionary<string, string> into)
    {
        var key = "";
        var value = "";
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1)
            {
                key = reader.ReadString();
            }
            else if (field == 2)
            {
                value = ReadAnyValue(reader.ReadBytes());
            }
            else
            {
                reader.Skip(wire);
            }
        }

        into[key] = value;
    }

    private static string ReadAnyValue(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    return reader.ReadString();
                case 2:
                    return reader.ReadVarint() != 0 ? "true" : "false";
                case 3:
                    return ((long)reader.ReadVarint()).ToString(System.Globalization.CultureInfo.InvariantCulture);
                case 4:
                    return reader.ReadDouble().ToString(System.Globalization.CultureInfo.InvariantCulture);
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return "";
    }
}
