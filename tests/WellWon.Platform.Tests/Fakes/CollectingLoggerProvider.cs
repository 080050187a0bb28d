using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace WellWon.Platform.Tests.Fakes;

/// <summary>Keeps every log line so a test can see that a swallowed failure was at least reported.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Collector(this);

    // Nothing to release: the entries are plain values.
    public void Dispose() => GC.SuppressFinalize(this);

    private sealed class Collector(CollectingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
