namespace Claw.Gateway.Sockets;

/// <summary>
/// The frames waiting to be written to one socket, already serialized, bounded by count and by bytes. A writer that
/// finds it full waits for the sender to make room, so a burst (a reconnect replaying every lease) flows at the
/// node's reading speed; a writer that waits longer than its patience has met a node that does not read, and the
/// session is closed instead of the gateway's memory growing behind it.
/// </summary>
internal sealed class SessionOutbox(int maxFrames, long maxBytes)
{
    private readonly Queue<byte[]> _frames = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _added = NewSignal();
    private TaskCompletionSource _taken = NewSignal();
    private long _bytes;
    private bool _completed;
    private bool _discard;

    public enum Outcome
    {
        Queued,
        Full,
        Closed,
    }

    /// <summary>Queues <paramref name="frame"/>, waiting up to <paramref name="patience"/> for room.</summary>
    public async ValueTask<Outcome> AddAsync(byte[] frame, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            Task taken;
            lock (_gate)
            {
                if (_completed)
                {
                    return Outcome.Closed;
                }

                // One frame always fits in an empty queue, however large, or it could never be sent.
                if (_frames.Count == 0 || (_frames.Count < maxFrames && _bytes + frame.Length <= maxBytes))
                {
                    _frames.Enqueue(frame);
                    _bytes += frame.Length;
                    Signal(ref _added);
                    return Outcome.Queued;
                }

                taken = _taken.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await WaitAsync(taken, left))
            {
                return Outcome.Full;
            }
        }
    }

    /// <summary>No more frames; with <paramref name="discard"/> the waiting ones are dropped instead of sent.</summary>
    public void Complete(bool discard)
    {
        lock (_gate)
        {
            _completed = true;
            _discard |= discard;
            Signal(ref _added);
            Signal(ref _taken);
        }
    }

    /// <summary>The frames in order, for the one sender, until the outbox is completed and empty (or discarded).</summary>
    public async IAsyncEnumerable<byte[]> ReadAllAsync()
    {
        while (true)
        {
            byte[]? next = null;
            Task added;
            lock (_gate)
            {
                if (_discard)
                {
                    yield break;
                }

                if (_frames.TryDequeue(out next))
                {
                    _bytes -= next.Length;
                    Signal(ref _taken);
                }
                else if (_completed)
                {
                    yield break;
                }

                added = _added.Task;
            }

            if (next is not null)
            {
                yield return next;
            }
            else
            {
                await added;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes whoever waits on <paramref name="signal"/> and arms a fresh one for the next wait.</summary>
    private static void Signal(ref TaskCompletionSource signal)
    {
        var fired = signal;
        signal = NewSignal();
        fired.TrySetResult();
    }

    private static async Task<bool> WaitAsync(Task signal, TimeSpan timeout)
    {
        try
        {
            await signal.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
