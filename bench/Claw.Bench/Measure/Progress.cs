using System.Diagnostics;

namespace Claw.Bench.Measure;

/// <summary>
/// The live progress display: one console line rewritten four times a second (every 5 s a new line when the output
/// goes to a file, so a log stays readable).
/// </summary>
internal sealed class Progress : IDisposable
{
    private readonly string _label;
    private readonly Func<string> _status;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private readonly bool _redirected = Console.IsOutputRedirected;
    private int _width;

    private Progress(string label, Func<string> status)
    {
        _label = label;
        _status = status;
        var period = _redirected ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(250);
        _timer = new Timer(_ => Print(final: false), null, period, period);
    }

    public static Progress Start(string label, Func<string> status) => new(label, status);

    public void Dispose()
    {
        _timer.Dispose();
        Print(final: true);
    }

    private void Print(bool final)
    {
        var line = $"[{_label}] {_status()}  {_clock.Elapsed.TotalSeconds:F1} s";
        lock (_timer)
        {
            if (_redirected)
            {
                Console.WriteLine(line);
                return;
            }

            Console.Write("\r" + line.PadRight(_width) + (final ? Environment.NewLine : ""));
            _width = final ? 0 : Math.Max(_width, line.Length);
        }
    }
}
