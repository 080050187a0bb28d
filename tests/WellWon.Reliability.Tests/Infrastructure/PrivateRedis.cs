using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace WellWon.Reliability.Tests.Infrastructure;

/// <summary>
/// A redis-server of the test's own (loopback, a free port, AOF on, no RDB, data in a temporary directory), so the test can stop and
/// restart it without touching the Redis other test classes share. Restarting keeps the port and the AOF, as a real restart would.
/// </summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private ChildProcess? _server;

    private PrivateRedis(int port, string directory)
    {
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Directory { get; }

    /// <summary>The StackExchange.Redis configuration string the services get.</summary>
    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<PrivateRedis> StartAsync(CancellationToken ct)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("wellwon-reliability-redis-").FullName;
        var redis = new PrivateRedis(FreePort.Next(), directory);
        await redis.StartServerAsync(ct);
        return redis;
    }

    /// <summary>Starts the server again on the same port and AOF directory; returns once it answers PING (the AOF is loaded by then).</summary>
    public async Task StartServerAsync(CancellationToken ct)
    {
        _server = ChildProcess.Start(
            $"redis-server:{Port}",
            "redis-server",
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--dir", Directory]);
        var started = Stopwatch.GetTimestamp();
        while (!await PingAsync(ct))
        {
            if (_server.HasExited || Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(20))
            {
                throw new InvalidOperationException($"redis-server on {Port} did not come up:\n{_server.Tail()}");
            }

            await Task.Delay(50, ct);
        }
    }

    /// <summary>SIGTERM: Redis flushes its AOF and exits, as on a service restart.</summary>
    public async Task StopServerAsync()
    {
        if (_server is { } server)
        {
            await server.TerminateAsync(TimeSpan.FromSeconds(10));
            await server.DisposeAsync();
            _server = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            await server.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory; the OS cleans it up eventually.
        }
    }

    private async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port, ct);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), ct);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, ct);
            // While it loads the AOF Redis answers -LOADING.
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
