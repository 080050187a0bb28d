using System.Diagnostics;
using System.Globalization;

namespace WellWon.Reliability.Tests.Infrastructure;

/// <summary>A WellWon host (the Api or a worker role) running from its build output as a child process on a free loopback port.</summary>
public sealed class WellWonProcess : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly ChildProcess _process;

    private WellWonProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Name => _process.Name;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet {dll} {arguments} --urls …</c> and returns once <c>/health</c> answers 200 (database and Redis reachable).</summary>
    public static async Task<WellWonProcess> StartAsync(
        string name, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, CancellationToken ct)
    {
        var port = FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var child = ChildProcess.Start(
            name, "dotnet", [dll, .. arguments, "--urls", baseAddress.ToString().TrimEnd('/')], environment, Path.GetDirectoryName(dll));
        var process = new WellWonProcess(child, baseAddress);
        try
        {
            await process.WaitHealthyAsync(TimeSpan.FromSeconds(60), ct);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls <c>/health</c> until it answers 200; fails early, with the process's output, if the process exits.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited before it was healthy:\n{_process.Tail()}");
            }

            try
            {
                using var response = await Probe.GetAsync(new Uri(BaseAddress, "/health"), ct);
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
                // A health check that did not answer in time: not healthy yet.
            }

            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"{Name} was not healthy within {timeout.TotalSeconds} s:\n{_process.Tail()}");
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>SIGKILL, as a crash or an OOM kill would end it.</summary>
    public void Kill() => _process.Kill();

    public string Tail(int lines = 80) => _process.Tail(lines);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
