using System.Collections.Concurrent;
using Claw.Client.Worker;
using Microsoft.Extensions.Logging;

namespace Claw.Tests.Clients;

/// <summary>The worker's log lines kept in memory, for a failing test's message and for assertions on what it logged.</summary>
public sealed class ListLogger : ILogger<ClawWorker>
{
    public ConcurrentQueue<(int EventId, string Text)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((eventId.Id, formatter(state, exception) + (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")));

    public override string ToString() => string.Join("\n", Lines.Select(l => $"{l.EventId}: {l.Text}"));
}
