using System.Globalization;
using Claw.Client.Tasks;

namespace Claw.Cli;

/// <summary>
/// The live view of a task while <c>--wait</c> or <c>watch</c> follows it, on standard error (so standard output
/// holds only the answer): one line redrawn in place on a terminal, a line per change when redirected.
/// </summary>
internal sealed class ProgressDisplay(TextWriter error, bool interactive)
{
    private const int BarWidth = 24;
    private int _lastLength;

    public void Show(ClawTask task)
    {
        var percent = task.Status == TaskStatuses.Completed ? 100 : task.Progress?.Percent ?? 0;
        var filled = percent * BarWidth / 100;
        var line = string.Create(CultureInfo.InvariantCulture, $"{task.Id} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {percent,3}% {task.Status}")
            + (task.Attempt > 1 ? string.Create(CultureInfo.InvariantCulture, $" (attempt {task.Attempt})") : "")
            + (task.NodeId is { } node ? $" on {node}" : "")
            + (task.Progress?.Message is { Length: > 0 } message ? $" - {message}" : "");
        if (interactive)
        {
            error.Write("\r" + line.PadRight(_lastLength));
            _lastLength = line.Length;
        }
        else
        {
            error.WriteLine(line);
        }
    }

    /// <summary>Ends the redrawn line so what follows starts on its own.</summary>
    public void Done()
    {
        if (interactive && _lastLength > 0)
        {
            error.WriteLine();
        }
    }
}
