using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WellWon.Platform.EventStore;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.KurrentDB.Tests.Fake;
using WellWon.Platform.KurrentDB.Tests.Infrastructure;

namespace WellWon.Platform.KurrentDB.Tests.Conformance;

/// <summary>
/// One event store the conformance suite runs against, composed as a WellWon service composes it: the store behind
/// <see cref="IEventStore"/>, its <see cref="ILogSubscriptionFactory"/>, and the PostgreSQL checkpoint store (which every
/// provider keeps in PostgreSQL). A class fixture: created once per conformance class.
/// </summary>
public abstract class EventStoreTarget : IAsyncLifetime
{
    private ServiceProvider? _services;
    private TestDatabase? _database;

    /// <summary>Why this target cannot run on this machine, or null when it can.</summary>
    public virtual string? Unavailable => null;

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("The target is not started.");

    public IEventStore Store => Services.GetRequiredService<IEventStore>();

    public ILogSubscriptionFactory Subscriptions => Services.GetRequiredService<ILogSubscriptionFactory>();

    public ICheckpointStore Checkpoints => Services.GetRequiredService<ICheckpointStore>();

    protected TestDatabase Database => _database ?? throw new InvalidOperationException("The target is not started.");

    /// <summary>A position at or after the last event of the log now: reading or subscribing after it sees only what comes next.</summary>
    public abstract Task<LogPosition> HeadAsync(CancellationToken ct);

    /// <summary>Breaks the connections the store's readers hold right now, as a failover or a network cut would; returns how many.</summary>
    public abstract Task<int> DropConnectionsAsync();

    public async ValueTask InitializeAsync()
    {
        if (Unavailable is not null)
        {
            return;
        }

        _database = await TestDatabase.CreateAsync();
        await StartAsync();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(_database.DataSource);
        Compose(services);
        _services = services.BuildServiceProvider();
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Starts whatever the store needs besides the database (a server), before <see cref="Compose"/>.</summary>
    protected virtual Task StartAsync() => Task.CompletedTask;

    protected abstract void Compose(IServiceCollection services);

    protected static IConfiguration KurrentDbConfiguration(string connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kurrentdb"] = connectionString,
        }).Build();
}

/// <summary>WellWon's PostgreSQL event store on the test server (<c>WELLWON_TEST_PG</c>): always runs.</summary>
public sealed class PostgresTarget : EventStoreTarget
{
    public override async Task<LogPosition> HeadAsync(CancellationToken ct) =>
        (await Services.GetRequiredService<PostgresEventStore>().GetHeadAsync(ct)).Readable;

    public override Task<int> DropConnectionsAsync() => Database.KillOtherSessionsAsync();

    protected override void Compose(IServiceCollection services) => services.AddPostgresEventStore();
}

/// <summary>The KurrentDB adapter against the in-process fake server: always runs; proves the adapter keeps the port's contract on the wire.</summary>
public sealed class KurrentDbFakeTarget : EventStoreTarget
{
    private FakeKurrentDb? _server;

    internal FakeKurrentDb Server => _server ?? throw new InvalidOperationException("The fake is not started.");

    public override Task<LogPosition> HeadAsync(CancellationToken ct) => Services.GetRequiredService<KurrentDbEventStore>().GetHeadAsync(ct);

    public override Task<int> DropConnectionsAsync() => Task.FromResult(Server.State.DropActiveSubscriptions());

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected override async Task StartAsync() => _server = await FakeKurrentDb.StartAsync();

    protected override void Compose(IServiceCollection services) =>
        services.AddKurrentDbEventStore(KurrentDbConfiguration(Server.ConnectionString)).AddPostgresEventStore();
}

/// <summary>The KurrentDB adapter against a live server named by <c>WELLWON_TEST_KURRENTDB</c>; skipped, saying so, when it is not set.</summary>
public sealed class KurrentDbLiveTarget : EventStoreTarget
{
    public const string ServerVariable = "WELLWON_TEST_KURRENTDB";

    public const string SkipReason =
        $"{ServerVariable} is not set: this run needs a live KurrentDB, e.g. {ServerVariable}='kurrentdb://127.0.0.1:2113?tls=false' " +
        "(no KurrentDB server is installed on this machine). The same suite ran against PostgreSQL and against the in-process fake KurrentDB.";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value ? value : null;

    public override string? Unavailable => ConnectionString is null ? SkipReason : null;

    public override Task<LogPosition> HeadAsync(CancellationToken ct) => Services.GetRequiredService<KurrentDbEventStore>().GetHeadAsync(ct);

    // Closing the client's channel fails the subscription's call as a broken connection does; the next call chooses a node again.
    public override Task<int> DropConnectionsAsync()
    {
        var connection = Services.GetRequiredService<KurrentDbConnection>();
        var open = connection.CurrentNode is null ? 0 : 1;
        connection.Reset();
        return Task.FromResult(open);
    }

    protected override void Compose(IServiceCollection services) =>
        services.AddKurrentDbEventStore(KurrentDbConfiguration(ConnectionString!)).AddPostgresEventStore();
}
