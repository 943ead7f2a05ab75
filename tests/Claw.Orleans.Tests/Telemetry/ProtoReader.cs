namespace Claw.Tests.Telemetry;

/// <summary>
/// Just enough of the protobuf wire format to read what an OTLP exporter sends: tags, varints, fixed numbers and
/// length-delimited fields, and skipping whatever the test does not look at.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private const int Varint = 0;
    private const int Fixed64 = 1;
    private const int Length = 2;
    private const int Fixed32 = 5;

    private ReadOnlySpan<byte> _data = data;

    /// <summary>Reads the next field's tag; false at the end of the message.</summary>
    public bool Next(out int field, out int wireType)
    {
        if (_data.IsEmpty)
        {
            field = wireType = 0;
            return false;
        }

        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        return true;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = _data[0];
            _data = _data[1..];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("a varint longer than 10 bytes");
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = checked((int)ReadVarint());
        var bytes = _data[..length];
        _data = _data[length..];
        return bytes;
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes());

    public string ReadHex() => Convert.ToHexStringLower(ReadBytes());

    public double ReadDouble()
    {
        var value = BitConverter.ToDouble(_data[..8]);
        _data = _data[8..];
        return value;
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                _data = _data[8..];
                break;
            case Length:
                ReadBytes();
                break;
            case Fixed32:
                _data = _data[4..];
                break;
            default:
                throw new InvalidDataException($"wire type {wireType} is not used by OTLP");
        }
    }
}
