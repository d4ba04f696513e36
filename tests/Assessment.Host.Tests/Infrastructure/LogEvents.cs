using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Assessment.Host.Tests.Infrastructure;

/// <summary>
/// A log provider a test reads or waits on: <see cref="Lines"/> holds every line the host logged, and
/// <see cref="NextAsync"/> completes when it logs a line that matches, so work that runs on its own (a
/// reminder firing) is awaited as an event, not polled for.
/// </summary>
public sealed class LogEvents : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Lines { get; } = new();

    private readonly ConcurrentBag<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> waiting = [];

    /// <summary>The next line (logged from now on) that matches; fails after <paramref name="within"/>.</summary>
    public Task<string> NextAsync(Func<string, bool> match, TimeSpan within)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting.Add((match, seen));
        return seen.Task.WaitAsync(within);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogEvents events, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = formatter(state, exception);
            events.Lines.Enqueue((category, logLevel, line));
            foreach (var (match, seen) in events.waiting)
                if (!seen.Task.IsCompleted && match(line)) seen.TrySetResult(line);
        }
    }
}
