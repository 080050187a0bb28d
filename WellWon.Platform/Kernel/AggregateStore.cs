using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WellWon.Platform.EventStore;

namespace WellWon.Platform.Kernel;

public sealed class AggregateStoreOptions
{
    public const string Section = "AggregateStore";

    /// <summary>A snapshot is stored each time a stream passes a multiple of this many events; 0 turns snapshots off.</summary>
    public int SnapshotEvery { get; set; } = 100;

    /// <summary>Events read per round trip when a stream is replayed.</summary>
    public int ReadPageSize { get; set; } = 500;
}

/// <summary>The metadata every event of one save carries (correlation, causation, tenant, user, trace).</summary>
public interface IEventMetadataFactory
{
    EventMetadata Create();
}

/// <summary>Events one save has just appended: <paramref name="Events"/> hold versions <paramref name="FirstVersion"/> onwards.</summary>
public sealed record AppendedEvents(string StreamId, long FirstVersion, IReadOnlyList<EventData> Events, AppendResult Result)
{
    public long LastVersion => Result.NextExpectedVersion;
}

/// <summary>Told after every successful append (sync projections); must not throw for its own failures.</summary>
public interface IAppendObserver
{
    Task OnAppendedAsync(AppendedEvents appended, CancellationToken ct);
}

/// <summary>The stream of an aggregate: <c>"{category}-{id:N}"</c>, the category from <see cref="StreamCategoryAttribute"/>.</summary>
public static class StreamName
{
    private static readonly ConcurrentDictionary<Type, string> Categories = new();

    public static string For<T>(Guid id) where T : IAggregate => For(typeof(T), id);

    public static string For(Type aggregateType, Guid id) => $"{CategoryOf(aggregateType)}-{id:N}";

    public static string CategoryOf(Type aggregateType) =>
        Categories.GetOrAdd(aggregateType, t => t.GetCustomAttribute<StreamCategoryAttribute>()?.Category
            ?? throw new InvalidOperationException($"Aggregate {t.FullName} has no [StreamCategory(\"...\")] attribute."));
}

/// <summary>
/// Loads aggregates from their streams (from the latest snapshot on, when there is one) and appends their pending events
/// with the loaded version as expected version, so a lost race surfaces as <see cref="WrongExpectedVersionException"/>.
/// After an append it stores a snapshot every <see cref="AggregateStoreOptions.SnapshotEvery"/> events and tells the
/// <see cref="IAppendObserver"/>s (sync projections).
/// </summary>
public sealed partial class AggregateStore(
    IEventStore events,
    EventTypeRegistry registry,
    IEventMetadataFactory metadata,
    IEnumerable<IAppendObserver> observers,
    IOptions<AggregateStoreOptions> options,
    ILogger<AggregateStore> logger,
    ISnapshotStore? snapshots = null) : IAggregateStore
{
    private readonly IAppendObserver[] _observers = [.. observers];

    public async Task<T> LoadAsync<T>(Guid id, CancellationToken ct) where T : class, IAggregate, new() =>
        await TryLoadAsync<T>(id, ct)
        ?? throw new NotFoundException($"{StreamName.CategoryOf(typeof(T))}.not-found", $"{typeof(T).Name} {id} does not exist.");

    public async Task<T?> TryLoadAsync<T>(Guid id, CancellationToken ct) where T : class, IAggregate, new()
    {
        var stream = StreamName.For<T>(id);
        var aggregate = new T();
        var version = await RestoreSnapshotAsync(aggregate, stream, id, ct);
        if (version < 0)
        {
            aggregate = new T();
        }

        var pageSize = Math.Max(1, options.Value.ReadPageSize);
        var history = new List<IDomainEvent>();
        int read;
        do
        {
            read = 0;
            await foreach (var recorded in events.ReadStreamAsync(stream, version + 1, ReadDirection.Forwards, pageSize, ct))
            {
                read++;
                version = recorded.StreamVersion;
                // An event type this process does not know leaves the state as it is but still counts as a version.
                if (registry.Deserialize(recorded.EventType, recorded.Data) is { } e)
                {
                    history.Add(e);
                }
            }
        }
        while (read == pageSize);

        if (version < 0)
        {
            return null;
        }

        aggregate.Load(id, version, history);
        return aggregate;
    }

    public async Task<long?> SaveAsync(IAggregate aggregate, CancellationToken ct)
    {
        var changes = aggregate.Changes;
        if (changes.Count == 0)
        {
            return null;
        }

        if (aggregate.Id == Guid.Empty)
        {
            throw new InvalidOperationException($"{aggregate.GetType().Name} has no id; set it before recording events.");
        }

        var stream = StreamName.For(aggregate.GetType(), aggregate.Id);
        var eventMetadata = aggregate is IOrderedAggregate ordered ? metadata.Create() with { OrderingKey = ordered.OrderingKey } : metadata.Create();
        var data = changes.Select(e => new EventData(Guid.CreateVersion7(), registry.NameOf(e.GetType()), registry.Serialize(e), eventMetadata)).ToArray();
        var loadedVersion = aggregate.OriginalVersion;
        var expected = loadedVersion < 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(loadedVersion);

        var result = await events.AppendAsync(stream, expected, data, ct);
        aggregate.ClearChanges(result.NextExpectedVersion);

        await SnapshotIfDueAsync(aggregate, stream, loadedVersion, result.NextExpectedVersion, ct);
        var appended = new AppendedEvents(stream, loadedVersion + 1, data, result);
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnAppendedAsync(appended, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The events are stored; whatever reacts to them catches up from the log.
                LogObserverFailed(logger, ex, observer.GetType().Name, stream);
            }
        }

        return result.LastGlobalPosition;
    }

    /// <summary>The stable name a snapshot of <paramref name="stateType"/> is stored under; another shape is ignored.</summary>
    public static string SnapshotTypeOf(Type stateType) => stateType.FullName ?? stateType.Name;

    private async Task<long> RestoreSnapshotAsync(IAggregate aggregate, string stream, Guid id, CancellationToken ct)
    {
        if (snapshots is null || options.Value.SnapshotEvery <= 0)
        {
            return -1;
        }

        var snapshot = await snapshots.LoadAsync(stream, ct);
        var stateType = aggregate.Snapshot().GetType();
        if (snapshot is null || !string.Equals(snapshot.StateType, SnapshotTypeOf(stateType), StringComparison.Ordinal))
        {
            return -1;
        }

        try
        {
            aggregate.Restore(id, snapshot.Version, snapshot.State.Deserialize(stateType, EventTypeRegistry.JsonOptions)!);
            return snapshot.Version;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // A snapshot is only a shortcut: replaying the stream gives the same state.
            LogSnapshotUnreadable(logger, ex, stream, snapshot.Version);
            return -1;
        }
    }

    private async Task SnapshotIfDueAsync(IAggregate aggregate, string stream, long before, long after, CancellationToken ct)
    {
        var every = options.Value.SnapshotEvery;
        // Versions start at 0, so version v means v + 1 events; a snapshot is due when a multiple of `every` was passed.
        if (snapshots is null || every <= 0 || (after + 1) / every == (before + 1) / every)
        {
            return;
        }

        var state = aggregate.Snapshot();
        try
        {
            var json = JsonSerializer.SerializeToElement(state, state.GetType(), EventTypeRegistry.JsonOptions);
            await snapshots.SaveAsync(stream, new StoredSnapshot(after, SnapshotTypeOf(state.GetType()), json), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSnapshotFailed(logger, ex, stream, after);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Observer} failed after an append to {StreamId}")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string observer, string streamId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot of {StreamId} at version {Version} could not be read; replaying the stream")]
    private static partial void LogSnapshotUnreadable(ILogger logger, Exception exception, string streamId, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot of {StreamId} at version {Version} could not be stored")]
    private static partial void LogSnapshotFailed(ILogger logger, Exception exception, string streamId, long version);
}

/// <summary>Bounded retry for commands whose action is safe to run again on fresh state.</summary>
public static class AggregateStoreRetry
{
    public const int DefaultAttempts = 3;

    /// <summary>
    /// Loads the aggregate, runs <paramref name="action"/> and saves; when another writer won the race, reloads and runs it again,
    /// at most <paramref name="maxAttempts"/> times in all, then lets <see cref="WrongExpectedVersionException"/> through (409).
    /// The action sees the newest state each time, so its business rules are checked again.
    /// </summary>
    public static async Task<T> RetryOnConflictAsync<T>(this IAggregateStore store, Guid id, Action<T> action, CancellationToken ct, int maxAttempts = DefaultAttempts)
        where T : class, IAggregate, new()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        for (var attempt = 1; ; attempt++)
        {
            var aggregate = await store.LoadAsync<T>(id, ct);
            action(aggregate);
            try
            {
                await store.SaveAsync(aggregate, ct);
                return aggregate;
            }
            catch (WrongExpectedVersionException) when (attempt < maxAttempts)
            {
                // Someone else appended first; their events are in the stream now, so the next load sees them.
            }
        }
    }
}
