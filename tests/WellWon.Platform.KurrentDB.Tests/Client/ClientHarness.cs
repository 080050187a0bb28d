using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.KurrentDB.Tests.Fake;

namespace WellWon.Platform.KurrentDB.Tests.Client;

/// <summary>WellWon's KurrentDB client composed as a service composes it (<c>AddKurrentDbEventStore</c>), pointed at a fake server.</summary>
internal sealed class ClientHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly bool _ownsServer;

    private ClientHarness(ServiceProvider services, FakeKurrentDb? server, bool ownsServer)
    {
        _services = services;
        Server = server!;
        _ownsServer = ownsServer;
    }

    public FakeKurrentDb Server { get; }

    public KurrentDbEventStore Store => _services.GetRequiredService<KurrentDbEventStore>();

    public KurrentDbLogSubscriptionFactory Subscriptions => _services.GetRequiredService<KurrentDbLogSubscriptionFactory>();

    public KurrentDbConnection Connection => _services.GetRequiredService<KurrentDbConnection>();

    public RecordingCheckpointStore Checkpoints => (RecordingCheckpointStore)_services.GetRequiredService<ICheckpointStore>();

    /// <summary>A fresh fake server and a client to it; or a client to <paramref name="connectionString"/> (the server, if given, is the caller's).</summary>
    public static async Task<ClientHarness> StartAsync(string? connectionString = null, FakeKurrentDb? server = null)
    {
        var ownsServer = server is null && connectionString is null;
        if (ownsServer)
        {
            server = await FakeKurrentDb.StartAsync();
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kurrentdb"] = connectionString ?? server!.ConnectionString,
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<ICheckpointStore, RecordingCheckpointStore>()
            .AddKurrentDbEventStore(configuration)
            .BuildServiceProvider();
        return new ClientHarness(services, server, ownsServer);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_ownsServer)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>Checkpoints in memory, with every save kept in order, so a test can tell what the subscription vouched for and when.</summary>
internal sealed class RecordingCheckpointStore : ICheckpointStore
{
    private readonly ConcurrentDictionary<string, LogPosition> _positions = new();
    private readonly ConcurrentQueue<(string Name, LogPosition Position, DateTimeOffset At)> _saves = new();

    public IReadOnlyList<(string Name, LogPosition Position, DateTimeOffset At)> Saves => [.. _saves];

    public Task<LogPosition> LoadAsync(string name, CancellationToken ct) =>
        Task.FromResult(_positions.TryGetValue(name, out var position) ? position : LogPosition.Start);

    public Task SaveAsync(string name, LogPosition position, CancellationToken ct)
    {
        _positions[name] = position;
        _saves.Enqueue((name, position, DateTimeOffset.UtcNow));
        return Task.CompletedTask;
    }
}

internal static class TestEvents
{
    public static EventData One(string label = "thing", string type = "test.thing-happened.v1") =>
        new(
            Guid.NewGuid(),
            type,
            JsonSerializer.SerializeToElement(new { label }),
            new EventMetadata
            {
                CorrelationId = Guid.NewGuid(),
                CausationId = Guid.NewGuid(),
                TenantId = Guid.NewGuid(),
                UserId = Guid.NewGuid(),
                TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            });

    public static EventData[] Many(int count, string label = "thing") => [.. Enumerable.Range(0, count).Select(i => One($"{label}-{i}"))];

    public static string Stream(string category = "test") => $"{category}-{Guid.NewGuid():N}";
}

/// <summary>A handler that records deliveries and checks each batch against the checkpoint saved before it.</summary>
internal sealed class DeliveryRecorder(ICheckpointStore checkpoints, string name)
{
    private readonly ConcurrentQueue<RecordedEvent> _delivered = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly HashSet<Guid> _failed = [];

    /// <summary>The first batch holding an event that matches fails, once.</summary>
    public Func<RecordedEvent, bool> FailOnce { get; init; } = _ => false;

    public IReadOnlyList<RecordedEvent> Delivered => [.. _delivered];

    /// <summary>The batch that failed on purpose, as the handler was given it.</summary>
    public IReadOnlyList<RecordedEvent>? FailedBatch { get; private set; }

    public IReadOnlyList<string> Violations => [.. _violations];

    public async Task HandleAsync(IReadOnlyList<RecordedEvent> batch, CancellationToken ct)
    {
        var checkpoint = await checkpoints.LoadAsync(name, ct);
        foreach (var e in batch.Where(e => e.LogPosition <= checkpoint))
        {
            _violations.Enqueue($"{e.StreamId}@{e.StreamVersion} at {e.LogPosition} delivered again after checkpoint {checkpoint}");
        }

        if (batch.FirstOrDefault(FailOnce) is { } victim && _failed.Add(victim.EventId))
        {
            FailedBatch = [.. batch];
            throw new InvalidOperationException("The handler fails once, on purpose.");
        }

        foreach (var e in batch)
        {
            _delivered.Enqueue(e);
        }
    }

    public async Task WaitForAsync(Func<RecordedEvent, bool> match, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (_delivered.Count(match) < count)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"only {_delivered.Count(match)} of {count} events were delivered in time");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
