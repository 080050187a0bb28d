using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace WellWon.Benchmarks;

/// <summary>The secrets a WellWon service process is started with, fresh for each figure.</summary>
public sealed record ServiceSecrets(string JwtSigningKey, byte[] MasterKey)
{
    public static ServiceSecrets Random() => new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)), RandomNumberGenerator.GetBytes(32));
}

/// <summary>
/// A built WellWon service (WellWon.Api.dll, WellWon.Workers.dll) run as a child process on a loopback port, in Production,
/// with the configuration keys the AppHost would give it; its output goes to a log file, and disposing it kills it.
/// </summary>
public sealed class WellWonProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private WellWonProcess(Process process, int port, string log)
    {
        _process = process;
        Port = port;
        Log = log;
    }

    public int Port { get; }

    public string Log { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>Starts <paramref name="assembly"/> and returns once its <c>/health</c> answers 200.</summary>
    public static async Task<WellWonProcess> StartAsync(
        string assembly,
        IReadOnlyList<string> arguments,
        string connectionString,
        string redis,
        ServiceSecrets secrets,
        CancellationToken ct)
    {
        var port = FreeLoopbackPort();
        var name = Path.GetFileNameWithoutExtension(assembly);
        var log = Path.Combine(Environment.GetEnvironmentVariable("WELLWON_TEST_ROOT") ?? Path.GetTempPath(), $"bench-{name}-{port}.log");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__wellwon-db"] = connectionString;
        start.Environment["ConnectionStrings__redis"] = redis;
        start.Environment["Jwt__SigningKey"] = secrets.JwtSigningKey;
        start.Environment["Identity__MasterKey"] = Convert.ToBase64String(secrets.MasterKey);
        start.Environment["Identity__RateLimit__PermitPerMinute"] = "1000000";
        // Production logging: a console line per request would measure the terminal, not WellWon.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");

        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet did not start {name}.");
        var writer = new StreamWriter(log, append: false) { AutoFlush = true };
        var sync = new Lock();
        var closed = false;
        void Append(object _, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (sync)
                {
                    // Output can still drain after the exit event; a line then is dropped, not written to a closed file.
                    if (!closed)
                    {
                        writer.WriteLine(e.Data);
                    }
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            lock (sync)
            {
                closed = true;
                writer.Dispose();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var started = new WellWonProcess(process, port, log);
        try
        {
            await started.WaitHealthyAsync(name, ct);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client for this process; <paramref name="connections"/> bounds the connections it may open.</summary>
    public HttpClient CreateClient(int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    private async Task WaitHealthyAsync(string name, CancellationToken ct)
    {
        using var http = CreateClient(1);
        var giveUp = Stopwatch.GetTimestamp() + (long)(StartTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < giveUp)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with code {_process.ExitCode}; its output is in {Log}.");
            }

            try
            {
                using var response = await http.GetAsync("/health", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"{name} was not healthy within {StartTimeout.TotalSeconds:N0} s; its output is in {Log}.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
