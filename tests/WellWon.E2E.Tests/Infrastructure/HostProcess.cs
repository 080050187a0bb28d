using System.Collections.Concurrent;
using System.Diagnostics;

namespace WellWon.E2E.Tests.Infrastructure;

/// <summary>
/// A WellWon host (Api, a worker role or Web) run from its build output as <c>dotnet {dll} … --urls {address}</c>; everything it
/// writes goes to its log file, and the last lines are kept for failure messages. Disposal kills its process tree.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int TailLines = 60;
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly Lock _writing = new();
    private bool _disposed;
    private bool _logClosed;

    private HostProcess(string name, Uri baseAddress, string logPath, Process process, StreamWriter log)
    {
        Name = name;
        BaseAddress = baseAddress;
        LogPath = logPath;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    public bool HasExited => _disposed || _process.HasExited;

    public static HostProcess Start(
        string name, string dll, IEnumerable<string> arguments, Uri baseAddress, IReadOnlyDictionary<string, string?> environment, string logPath)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var argument in (IEnumerable<string>)[dll, .. arguments, "--urls", baseAddress.GetLeftPart(UriPartial.Authority)])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var host = new HostProcess(name, baseAddress, logPath, process, log);
        process.OutputDataReceived += (_, e) => host.Write(e.Data);
        process.ErrorDataReceived += (_, e) => host.Write(e.Data);
        if (!process.Start())
        {
            log.Dispose();
            throw new InvalidOperationException($"{name}: dotnet {dll} did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Polls <c>/health</c> until it answers 200; fails early, with the host's last lines, if the process exits.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var health = new Uri(BaseAddress, "/health");
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was healthy (log: {LogPath}):\n{Tail()}");
            }

            try
            {
                using var response = await Probe.GetAsync(health, ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // A readiness check that did not answer in time: not healthy yet.
            }

            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"{Name} was not healthy at {health} within {timeout.TotalSeconds} s (log: {LogPath}):\n{Tail()}");
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>The last lines the host wrote (stdout and stderr interleaved).</summary>
    public string Tail() => string.Join('\n', _tail.ToArray());

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Already exited.
        }

        lock (_writing)
        {
            _logClosed = true;
            _log.Dispose();
        }

        _process.Dispose();
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_writing)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }

        _tail.Enqueue(line);
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }
    }
}
