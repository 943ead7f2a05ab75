using System.Threading.Channels;

namespace Claw.Gateway.Sockets;

/// <summary>
/// The frames waiting to be written to one socket, already serialized, bounded by count and by bytes: a node that
/// stops reading fills it, and the session is then closed instead of the gateway's memory growing behind it.
/// </summary>
internal sealed class SessionOutbox(int maxFrames, long maxBytes)
{
    private readonly Channel<byte[]> _frames = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Math.Max(1, maxFrames))
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // writers only TryWrite: a full outbox refuses instead of waiting
    });

    private long _bytes;
    private volatile bool _completed;
    private volatile bool _discard;

    public enum Outcome
    {
        Queued,
        Full,
        Closed,
    }

    /// <summary>Bytes waiting now.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public Outcome TryAdd(byte[] frame)
    {
        if (_completed)
        {
            return Outcome.Closed;
        }

        if (Interlocked.Add(ref _bytes, frame.Length) <= maxBytes && _frames.Writer.TryWrite(frame))
        {
            return Outcome.Queued;
        }

        Interlocked.Add(ref _bytes, -frame.Length);
        return _completed ? Outcome.Closed : Outcome.Full;
    }

    /// <summary>No more frames; with <paramref name="discard"/> the waiting ones are dropped instead of sent.</summary>
    public void Complete(bool discard)
    {
        _discard |= discard;
        _completed = true;
        _frames.Writer.TryComplete();
    }

    /// <summary>The frames in order, for the one sender; after a discarding <see cref="Complete"/> none.</summary>
    public async IAsyncEnumerable<byte[]> ReadAllAsync()
    {
        await foreach (var frame in _frames.Reader.ReadAllAsync())
        {
            Interlocked.Add(ref _bytes, -frame.Length);
            if (!_discard)
            {
                yield return frame;
            }
        }
    }
}
