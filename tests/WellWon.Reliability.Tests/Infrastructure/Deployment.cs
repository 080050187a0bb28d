using System.Security.Cryptography;
using Npgsql;
using StackExchange.Redis;

namespace WellWon.Reliability.Tests.Infrastructure;

/// <summary>
/// One WellWon installation for one scenario: a fresh database on the given PostgreSQL server, key prefixes of its own on the given
/// Redis, fresh signing and master keys, and the Api and event-processor processes started from the build output with exactly the
/// configuration the AppHost gives them. Disposal kills what is still running, drops the database and deletes the Redis keys.
/// </summary>
public sealed class Deployment : IAsyncDisposable
{
    private readonly string _serverConnectionString;
    private readonly List<WellWonProcess> _processes = [];
    private readonly Dictionary<string, string?> _environment;

    private Deployment(string serverConnectionString, string database, string redis)
    {
        _serverConnectionString = serverConnectionString;
        DatabaseName = database;
        Redis = redis;
        var id = Guid.NewGuid().ToString("N")[..12];
        RedisPrefix = $"wwrel:{id}:";
        MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        DatabaseConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
        _environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ConnectionStrings__wellwon-db"] = DatabaseConnectionString,
            ["ConnectionStrings__redis"] = redis,
            ["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Identity__MasterKey"] = MasterKey,
            ["Identity__RateLimit__PermitPerMinute"] = "1000000",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            // Keys of their own on a Redis other tests share.
            ["Messaging__RedisStreams__KeyPrefix"] = RedisPrefix + "bus:",
            ["Relay__LockKey"] = RedisPrefix + "relay:lock",
            ["RealTime__KeyPrefix"] = RedisPrefix + "realtime:",
            ["Idempotency__KeyPrefix"] = RedisPrefix + "idempotency:",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            // Whatever the test runner's own environment says about telemetry or addresses does not apply to these hosts.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            ["ASPNETCORE_URLS"] = null,
            ["ASPNETCORE_HTTP_PORTS"] = null,
        };
    }

    public string DatabaseName { get; }

    public string DatabaseConnectionString { get; }

    public string Redis { get; }

    public string RedisPrefix { get; }

    public string MasterKey { get; }

    /// <summary>Creates the database <c>wellwon_rel_…</c> on the server <paramref name="serverConnectionString"/> points at.</summary>
    public static async Task<Deployment> CreateAsync(string serverConnectionString, string redis, CancellationToken ct)
    {
        var database = $"wellwon_rel_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(serverConnectionString))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync(ct);
        }

        return new Deployment(serverConnectionString, database, redis);
    }

    /// <summary>The Api, with <paramref name="settings"/> on top of the common configuration (keys as in environment variables).</summary>
    public Task<WellWonProcess> StartApiAsync(IReadOnlyDictionary<string, string?>? settings, CancellationToken ct) =>
        StartAsync("api", BuildOutput.Api, [], settings, ct);

    /// <summary>A worker in the event-processor role: the relay, the consumers and the async projections.</summary>
    public Task<WellWonProcess> StartEventProcessorAsync(CancellationToken ct) =>
        StartAsync("event-processor", BuildOutput.Workers, ["event-processor"], null, ct);

    /// <summary>Every process the deployment started (killed ones included) with the last lines it wrote.</summary>
    public string DescribeProcesses() =>
        string.Join('\n', _processes.Select(p => $"--- {p.Name} ({(p.HasExited ? "exited" : "running")}) ---\n{p.Tail(60)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        try
        {
            await using var admin = new NpgsqlConnection(_serverConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // A private server that is already gone takes the database with it.
        }

        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
            {
                EndPoints = { Redis },
                AbortOnConnectFail = true,
                ConnectTimeout = 2000,
            });
            var server = redis.GetServers()[0];
            var keys = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(pattern: RedisPrefix + "*", pageSize: 1000))
            {
                keys.Add(key);
            }

            if (keys.Count > 0)
            {
                await redis.GetDatabase().KeyDeleteAsync([.. keys]);
            }
        }
        catch (RedisException)
        {
            // A private server that is already gone takes the keys with it.
        }
    }

    private async Task<WellWonProcess> StartAsync(
        string name, string dll, string[] arguments, IReadOnlyDictionary<string, string?>? settings, CancellationToken ct)
    {
        var environment = new Dictionary<string, string?>(_environment, StringComparer.Ordinal);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var process = await WellWonProcess.StartAsync(name, dll, arguments, environment, ct);
        _processes.Add(process);
        return process;
    }
}
