using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using StackExchange.Redis;

namespace WellWon.E2E.Tests.Infrastructure;

/// <summary>
/// WellWon as the AppHost runs it, started once per test run: a fresh database on the test PostgreSQL and keys of its own on the
/// test Redis, then the carrier simulator (SIMU), the simulated bank and the Api (which migrates the schema), the event-processor and
/// data-sync workers and the Web, each from its build output on a free loopback port with the configuration the AppHost gives it, the
/// simulator on a fast pace, data-sync reading its feed every second and asking the bank about transfers every second. Their logs go
/// to <c>test-results/e2e/logs</c>.
/// Disposal kills the processes, drops the database and deletes the Redis keys.
/// </summary>
public sealed class WellWonApp : IAsyncLifetime
{
    /// <summary>The other test projects use Redis database 0; a key this run fails to delete stays out of their way here.</summary>
    private const int RedisDatabase = 9;

    private const string Development = "Development";
    private const string Production = "Production";

    private const string SimulatorHost = "carrier-simulator";

    private const string BankHost = "bank-simulator";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly List<HostProcess> _hosts = [];
    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];
    private string? _postgres;
    private ConfigurationOptions? _redis;

    public Uri Web { get; private set; } = null!;

    public Uri Api { get; private set; } = null!;

    /// <summary>The carrier simulator, code <see cref="SimulatorCarrier"/>: a leg naming that carrier is tracked there.</summary>
    public Uri CarrierSimulator { get; private set; } = null!;

    public string SimulatorCarrier { get; } = "SIMU";

    /// <summary>The simulated bank payment orders go through: it confirms a transfer after its default 5 s.</summary>
    public Uri BankSimulator { get; private set; } = null!;

    /// <summary>How often data-sync asks the bank about sent transfers: a confirmation is on screen within a second of the bank's.</summary>
    public TimeSpan PaymentConfirmationInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>The bearer key the bank asks of every request, this run's own.</summary>
    private string BankKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// <summary>The bearer key the simulator asks of every feed request, this run's own.</summary>
    public string SimulatorKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// <summary>
    /// The simulator's pace: every leg takes this long in real time (the waits around it a sixth), so a shipment booked with SIMU
    /// departs within about a second of its subscription and arrives this much later.
    /// </summary>
    public TimeSpan SimulatedLegDuration { get; } = TimeSpan.FromSeconds(5);

    /// <summary>How often data-sync reads the carriers' feeds: a carrier's event is on screen within seconds, not the default 30 s.</summary>
    public TimeSpan TrackingInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>The first ww_admin, seeded from configuration at the Api's start as under the AppHost.</summary>
    public string AdminEmail { get; } = "admin@wellwon.e2e";

    public string AdminPassword { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    public string DatabaseName => $"wellwon_e2e_{_runId}";

    private string RedisPrefix => $"wwe2e:{_runId}:";

    /// <summary>A loopback port nothing listens on, given as the central bank's address.</summary>
    private string ClosedRatesAddress { get; } = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/";

    private string MasterKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _postgres = TestServers.Postgres;
        _redis = ConfigurationOptions.Parse(TestServers.Redis);
        _redis.DefaultDatabase = RedisDatabase;
        // SignalR's backplane channels too: pub/sub ignores the database number.
        _redis.ChannelPrefix = RedisChannel.Literal(RedisPrefix);

        // On a fresh checkout the folder does not exist yet, and File.Delete throws for a missing folder.
        Directory.CreateDirectory(Path.GetDirectoryName(RunLog)!);
        File.Delete(RunLog);
        AppDomain.CurrentDomain.ProcessExit += KillHosts;
        try
        {
            var started = Stopwatch.GetTimestamp();
            // All five found before anything starts: a missing build output fails at once, by name.
            var (apiDll, workersDll, webDll) = (RepositoryLayout.HostDll("WellWon.Api"), RepositoryLayout.HostDll("WellWon.Workers"), RepositoryLayout.HostDll("WellWon.Web"));
            var (simulatorDll, bankDll) = (RepositoryLayout.HostDll("WellWon.CarrierSimulator"), RepositoryLayout.HostDll("WellWon.BankSimulator"));
            await CreateDatabaseAsync(ct);
            Api = LoopbackAddress();
            Web = LoopbackAddress();
            CarrierSimulator = LoopbackAddress();
            BankSimulator = LoopbackAddress();

            // The simulators need nothing of WellWon's: they start beside the Api, and the workers wait for all three.
            var simulator = StartHost(SimulatorHost, simulatorDll, [], CarrierSimulator, SimulatorSettings());
            var bank = StartHost(BankHost, bankDll, [], BankSimulator, BankSettings());
            var api = StartHost("api", apiDll, [], Api, ApiSettings());
            await Task.WhenAll(api.WaitHealthyAsync(StartTimeout, ct), simulator.WaitHealthyAsync(StartTimeout, ct), bank.WaitHealthyAsync(StartTimeout, ct));
            Note($"api, carrier-simulator and bank-simulator healthy after {Seconds(started)}");

            // The Api owns the schema: the workers start once it is ready, as the AppHost's WaitFor(api) has them.
            HostProcess[] rest =
            [
                StartHost("event-processor", workersDll, ["event-processor"], LoopbackAddress(), CommonSettings(Production)),
                StartHost("data-sync", workersDll, ["data-sync"], LoopbackAddress(), DataSyncSettings()),
                StartHost("web", webDll, [], Web, WebSettings()),
            ];
            await Task.WhenAll(rest.Select(h => h.WaitHealthyAsync(StartTimeout, ct)));
            Note($"event-processor, data-sync and web healthy after {Seconds(started)}; web {Web}, api {Api}, "
                + $"carrier-simulator {CarrierSimulator}, bank-simulator {BankSimulator}, database {DatabaseName}");
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillHosts;
        var stopping = Stopwatch.GetTimestamp();
        // The simulators last: data-sync polling a carrier or a bank that is already gone would log retries as if something were wrong.
        await Task.WhenAll(_hosts.Where(h => !IsSimulator(h)).Select(h => h.DisposeAsync().AsTask()));
        await Task.WhenAll(_hosts.Where(IsSimulator).Select(h => h.DisposeAsync().AsTask()));
        _hosts.Clear();
        await DropDatabaseAsync();
        await DeleteRedisKeysAsync();
        Note($"stopped and cleaned up in {Seconds(stopping)}");
    }

    private static bool IsSimulator(HostProcess host) => host.Name is SimulatorHost or BankHost;

    /// <summary>
    /// Stores the central bank's rates of <paramref name="day"/> (roubles per unit) as data-sync would have fetched them, so a
    /// declaration of that date calculates without reaching the central bank.
    /// </summary>
    public async Task SeedExchangeRatesAsync(DateOnly day, IReadOnlyDictionary<string, decimal> rubPerUnit, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_postgres) { Database = DatabaseName }.ConnectionString);
        await db.OpenAsync(ct);
        await using var batch = new NpgsqlBatch(db);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "INSERT INTO customs.exchange_rate_fetches (requested_date, rates_date, fetched_at) VALUES ($1, $1, now()) ON CONFLICT DO NOTHING")
        { Parameters = { new NpgsqlParameter { Value = day } } });
        foreach (var (currency, rate) in rubPerUnit)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO customs.exchange_rates (rate_date, currency, revision, nominal, value, unit_rate, source, fetched_at)
                VALUES ($1, $2, 1, 1, $3, $3, 'e2e', now()) ON CONFLICT DO NOTHING
                """)
            { Parameters = { new NpgsqlParameter { Value = day }, new NpgsqlParameter { Value = currency }, new NpgsqlParameter { Value = rate } } });
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    private HostProcess StartHost(string name, string dll, string[] arguments, Uri address, Dictionary<string, string?> settings)
    {
        var host = HostProcess.Start(
            name, dll, arguments, address, settings, Path.Combine(RepositoryLayout.Results, "logs", name + ".log"));
        _hosts.Add(host);
        return host;
    }

    private Dictionary<string, string?> ApiSettings()
    {
        var settings = CommonSettings(Development);
        settings["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        settings["Admin__Email"] = AdminEmail;
        settings["Admin__Password"] = AdminPassword;
        settings["Identity__WebBaseUrl"] = Web.GetLeftPart(UriPartial.Authority);
        // Every browser user reaches the Api through the Web, from one loopback address.
        settings["Identity__RateLimit__PermitPerMinute"] = "100000";
        // The carrier list offers SIMU, as under the AppHost.
        AddSimulatorCarrier(settings);
        return settings;
    }

    private Dictionary<string, string?> DataSyncSettings()
    {
        var settings = CommonSettings(Production);
        AddSimulatorCarrier(settings);
        settings["Logistics__Tracking__Interval"] = TrackingInterval.ToString("c", CultureInfo.InvariantCulture);
        // Four lines per feed request every second would bury the log's own lines.
        settings["Logging__LogLevel__System.Net.Http.HttpClient"] = "Warning";
        settings["Finance__Payments__Interval"] = PaymentConfirmationInterval.ToString("c", CultureInfo.InvariantCulture);
        return settings;
    }

    /// <summary>The simulated bank as the AppHost runs it (Development, its own rate table and 5 s confirmation), with a key of this run's.</summary>
    private Dictionary<string, string?> BankSettings()
    {
        var settings = HostSettings(Development);
        settings["Bank__ApiKey"] = BankKey;
        return settings;
    }

    /// <summary>The simulator as the AppHost runs it (its launch profile's Development), with a key of this run's and a fast pace.</summary>
    private Dictionary<string, string?> SimulatorSettings()
    {
        var settings = HostSettings(Development);
        settings["Simulator__ApiKey"] = SimulatorKey;
        settings["Simulator__LegDuration"] = SimulatedLegDuration.ToString("c", CultureInfo.InvariantCulture);
        settings["Simulator__TimeScale"] = null;
        settings["Simulator__Seed"] = "wellwon-e2e";
        settings["Simulator__FailureRate"] = "0";
        return settings;
    }

    /// <summary>The built-in carrier entry the AppHost gives the Api and data-sync: the simulator's base URL (with its slash) and key.</summary>
    private void AddSimulatorCarrier(Dictionary<string, string?> settings)
    {
        var prefix = $"Logistics__Tracking__Carriers__{SimulatorCarrier}__";
        settings[prefix + "Name"] = "WellWon Simulated Lines";
        settings[prefix + "BaseUrl"] = CarrierSimulator.GetLeftPart(UriPartial.Authority) + "/";
        settings[prefix + "ApiKey"] = SimulatorKey;
        settings[prefix + "Modes"] = "sea,air,rail,road";
        // Polled every second: the client's own limit stays above that, under the simulator's 600 a minute.
        settings[prefix + "RequestsPerMinute"] = "300";
    }

    private Dictionary<string, string?> WebSettings()
    {
        var settings = HostSettings(Development);
        settings["Api__BaseUrl"] = Api.GetLeftPart(UriPartial.Authority);
        // Sessions (the Api's tokens) and the cookie keys live in Redis, as under the AppHost; keys of this run's own.
        settings["ConnectionStrings__redis"] = _redis!.ToString();
        settings["Session__KeyPrefix"] = RedisPrefix + "web:session:";
        settings["Session__DataProtectionKey"] = RedisPrefix + "web:data-protection-keys";
        return settings;
    }

    /// <summary>What the AppHost gives the Api and both worker roles: the database, Redis and the identity master key.</summary>
    private Dictionary<string, string?> CommonSettings(string environment)
    {
        var settings = HostSettings(environment);
        settings["ConnectionStrings__wellwon-db"] = new NpgsqlConnectionStringBuilder(_postgres) { Database = DatabaseName }.ConnectionString;
        settings["ConnectionStrings__redis"] = _redis!.ToString();
        settings["Identity__MasterKey"] = MasterKey;
        // Keys of their own on a Redis other test runs share.
        settings["Messaging__RedisStreams__KeyPrefix"] = RedisPrefix + "bus:";
        settings["Relay__LockKey"] = RedisPrefix + "relay:lock";
        settings["RealTime__KeyPrefix"] = RedisPrefix + "realtime:";
        settings["Idempotency__KeyPrefix"] = RedisPrefix + "idempotency:";
        settings["Scheduling__KeyPrefix"] = RedisPrefix + "jobs:";
        // Never the real central bank: a closed local port, so rates come only from what a test stores (SeedExchangeRatesAsync).
        settings["Customs__Rates__BaseUrl"] = ClosedRatesAddress;
        settings["Customs__Rates__Attempts"] = "1";
        // The Api and both worker roles reach the bank, as the AppHost's ApplyTo gives it them: a base URL with its slash.
        settings["Finance__Bank__BaseUrl"] = BankSimulator.GetLeftPart(UriPartial.Authority) + "/";
        settings["Finance__Bank__ApiKey"] = BankKey;
        return settings;
    }

    /// <summary>
    /// The environment is the AppHost's: Api and Web run their launch profile's Development (the Api then also serves
    /// /api/dev/mailbox); the workers have no launch profile and run as Production.
    /// </summary>
    private static Dictionary<string, string?> HostSettings(string environment) => new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_ENVIRONMENT"] = environment,
        ["DOTNET_ENVIRONMENT"] = environment,
        ["Logging__LogLevel__Default"] = "Information",
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        ["Logging__LogLevel__StackExchange.Redis"] = "Warning",
        ["Logging__LogLevel__Npgsql"] = "Warning",
        ["Logging__LogLevel__Polly"] = "Warning",
        // Named, or the console logger takes its legacy options instead of FormatterOptions: one timestamped line per entry.
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        // Whatever the test runner's environment says about telemetry or addresses does not apply to these hosts.
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        ["ASPNETCORE_URLS"] = null,
        ["ASPNETCORE_HTTP_PORTS"] = null,
        ["ASPNETCORE_HTTPS_PORTS"] = null,
    };

    /// <summary>A line in <c>logs/run.log</c>: how long the start took, where everything ran.</summary>
    private static void Note(string line)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(RunLog)!);
        File.AppendAllText(RunLog, $"{DateTime.Now:HH:mm:ss.fff} {line}\n");
    }

    private static string RunLog => Path.Combine(RepositoryLayout.Results, "logs", "run.log");

    private static string Seconds(long since) => Stopwatch.GetElapsedTime(since).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static Uri LoopbackAddress() => new($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");

    private async Task CreateDatabaseAsync(CancellationToken ct)
    {
        await using var admin = new NpgsqlConnection(_postgres);
        await admin.OpenAsync(ct);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", admin);
        await create.ExecuteNonQueryAsync(ct);
    }

    private async Task DropDatabaseAsync()
    {
        if (_postgres is null)
        {
            return;
        }

        try
        {
            await using var admin = new NpgsqlConnection(_postgres);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // A test server that is already gone takes the database with it.
        }
    }

    private async Task DeleteRedisKeysAsync()
    {
        if (_redis is null)
        {
            return;
        }

        try
        {
            var options = _redis.Clone();
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 2000;
            await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
            var keys = new List<RedisKey>();
            await foreach (var key in redis.GetServers()[0].KeysAsync(RedisDatabase, RedisPrefix + "*", pageSize: 1000))
            {
                keys.Add(key);
            }

            if (keys.Count > 0)
            {
                await redis.GetDatabase(RedisDatabase).KeyDeleteAsync([.. keys]);
            }
        }
        catch (RedisException)
        {
            // A test server that is already gone takes the keys with it.
        }
    }

    /// <summary>A test run that is stopped (Ctrl-C, a crash of the runner) still takes the hosts with it.</summary>
    private void KillHosts(object? sender, EventArgs e)
    {
        foreach (var host in _hosts)
        {
            host.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
        }
    }
}
