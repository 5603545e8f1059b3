using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Runtime.Tests.Infrastructure;

/// <summary>Collects formatted log lines of silos and clients so tests can check that a reason was logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>How many lines so far contain <paramref name="text"/>.</summary>
    public int Count(string text) => _lines.Count(l => l.Contains(text, StringComparison.OrdinalIgnoreCase));

    /// <summary>Waits until more than <paramref name="before"/> lines contain <paramref name="text"/> (polls with a deadline).</summary>
    public async Task WaitForAsync(string text, int before = 0, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (Count(text) > before) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No log line contained '{text}'. Last lines:\n{string.Join("\n", _lines.TakeLast(20))}");
            await Task.Delay(10);
        }
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
        }
    }
}
