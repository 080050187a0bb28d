extern alias ApiHost;

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Trace;
using StackExchange.Redis;
using WellWon.Platform.RealTime;

namespace WellWon.Workers.Tests.Flow;

/// <summary>
/// WellWon as the AppHost runs it, in one test process: the Api (its Program) and one worker role (the Workers' Program) over a
/// fresh database and the test Redis under a key prefix of their own, both tracing into <see cref="Spans"/>.
/// </summary>
public sealed class FlowHosts : IAsyncDisposable
{
    private readonly string _database;

    private FlowHosts(string database, string prefix, FlowApi api, FlowWorker worker, SpanCollection spans)
    {
        _database = database;
        Prefix = prefix;
        Api = api;
        Worker = worker;
        Spans = spans;
    }

    public string Prefix { get; }

    public FlowApi Api { get; }

    public FlowWorker Worker { get; }

    /// <summary>Every span either host's tracer exported (ActivityListeners are process-wide, so other tests' spans too).</summary>
    public SpanCollection Spans { get; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres) { Database = _database }.ConnectionString;

    /// <param name="role">The worker's role: <c>event-processor</c> or <c>data-sync</c>.</param>
    /// <param name="workerSettings">Settings for the worker only (say, a job's interval).</param>
    /// <param name="configureWorker">Services added to the worker after its Program's.</param>
    public static async Task<FlowHosts> StartAsync(
        string role, IReadOnlyDictionary<string, string?>? workerSettings = null, Action<IServiceCollection>? configureWorker = null)
    {
        var database = $"wellwon_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(TestInfrastructure.Postgres))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var prefix = $"wwtest:{Guid.NewGuid():N}:";
        var shared = new Dictionary<string, string?>
        {
            ["ConnectionStrings:wellwon-db"] = new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres) { Database = database }.ConnectionString,
            ["ConnectionStrings:redis"] = TestInfrastructure.Redis,
            ["Identity:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Identity:RateLimit:PermitPerMinute"] = "100000",
            ["Jwt:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Messaging:RedisStreams:KeyPrefix"] = prefix + "bus:",
            ["Messaging:RedisStreams:PollMaxDelay"] = "00:00:00.050",
            ["Relay:LockKey"] = prefix + "relay:lock",
            ["RealTime:KeyPrefix"] = prefix + "realtime:",
            ["Idempotency:KeyPrefix"] = prefix + "idempotency:",
            ["Scheduling:KeyPrefix"] = prefix + "jobs:",
            ["EventProcessor:StateInterval"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        };

        var spans = new SpanCollection();
        var api = new FlowApi(shared, spans);
        var worker = new FlowWorker(role, new Dictionary<string, string?>(shared.Concat(workerSettings ?? new Dictionary<string, string?>())), spans, configureWorker);
        var hosts = new FlowHosts(database, prefix, api, worker, spans);
        try
        {
            // Reading Services builds and starts each host: migrations first, then its hosted services.
            _ = api.Services;
            _ = worker.Services;
        }
        catch
        {
            await hosts.DisposeAsync();
            throw;
        }

        return hosts;
    }

    /// <summary>Registers and signs in a user with a fresh address; returns the id and an access token.</summary>
    public async Task<(Guid Id, string AccessToken)> SignUpAsync(string password = "a strong password 123")
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        using var client = Api.CreateClient();
        var registered = await client.PostAsJsonAsync("/api/auth/register", new { email, password, firstName = "Ann", lastName = "Importer" });
        Assert.Equal(System.Net.HttpStatusCode.Created, registered.StatusCode);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(System.Net.HttpStatusCode.OK, login.StatusCode);
        return (id, (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!);
    }

    public HttpClient ClientFor(string accessToken)
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>A browser tab of the user: a SignalR client over the Api's test server, started and in its user's group.</summary>
    public async Task<PushClient> ConnectAsync(Guid userId, string accessToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Api.Server.BaseAddress, WellWonHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => Api.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            })
            .Build();
        var client = new PushClient(connection);
        connection.On<PushedChange>(WellWonHub.ChangedMethod, client.Received);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        // The hub joins the user's group in OnConnectedAsync; the first call is served after it, so from here no push is missed.
        await connection.InvokeAsync<MissedChanges>("GetMissed", ChangeAudience.User(userId).Group, 0L, TestContext.Current.CancellationToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        // The worker first, so no consumer or job is left writing into a database that goes away.
        await Worker.DisposeAsync();
        await Api.DisposeAsync();
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis))
        {
            await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: Prefix + "*"))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestInfrastructure.Postgres);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>The Api as its Program builds it, with the settings given and its traces exported to the shared list.</summary>
public sealed class FlowApi(IReadOnlyDictionary<string, string?> settings, SpanCollection spans) : WebApplicationFactory<ApiHost::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));
    }
}

/// <summary>A worker process as the Workers' Program builds it for <paramref name="role"/>, tracing into the shared list.</summary>
public sealed class FlowWorker(string role, IReadOnlyDictionary<string, string?> settings, SpanCollection spans, Action<IServiceCollection>? configure)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Worker:Role", role);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans));
            configure?.Invoke(services);
        });
    }
}

/// <summary>
/// The in-memory exporters' list, shared by both hosts' tracer providers. Each provider's listener sees every span of the process,
/// so each span arrives twice; it is kept once. Exporters of two providers add at the same time, hence the lock.
/// </summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly Lock _gate = new();
    private readonly List<Activity> _spans = [];
    private readonly HashSet<Activity> _seen = new(ReferenceEqualityComparer.Instance);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        lock (_gate)
        {
            if (_seen.Add(item))
            {
                _spans.Add(item);
            }
        }
    }

    /// <summary>The spans of one trace, as exported so far.</summary>
    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId)
    {
        lock (_gate)
        {
            return [.. _spans.Where(s => s.TraceId == traceId)];
        }
    }

    public IReadOnlyList<Activity> Where(Func<Activity, bool> predicate)
    {
        lock (_gate)
        {
            return [.. _spans.Where(predicate)];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _spans.Clear();
            _seen.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_gate)
        {
            return _seen.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_gate)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_gate)
        {
            return _seen.Remove(item) && _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_gate)
        {
            return _spans.ToList().GetEnumerator();
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>What a browser tab of the user receives as <c>changed</c>.</summary>
public sealed class PushClient(HubConnection connection) : IAsyncDisposable
{
    private readonly Channel<(PushedChange Change, long At)> _received = Channel.CreateUnbounded<(PushedChange, long)>();

    internal void Received(PushedChange change) => _received.Writer.TryWrite((change, Stopwatch.GetTimestamp()));

    /// <summary>Waits for the first push that <paramref name="match"/> accepts (others are skipped); also when it arrived (a Stopwatch timestamp).</summary>
    public async Task<(PushedChange Change, long At)> WaitForAsync(Func<PushedChange, bool> match, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            var next = await _received.Reader.ReadAsync(cts.Token);
            if (match(next.Change))
            {
                return next;
            }
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
