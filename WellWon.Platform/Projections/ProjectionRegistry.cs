using System.Collections.Frozen;
using System.Reflection;

namespace WellWon.Platform.Projections;

/// <summary>
/// Every projection of the process, by name and by the event types it reads; which ones are sync.
/// Built once from DI; two projections with one name fail at start-up (their checkpoints would collide).
/// </summary>
public sealed class ProjectionRegistry
{
    private readonly FrozenDictionary<string, IProjection> _byName;
    private readonly FrozenDictionary<string, IProjection[]> _syncByEventType;
    private readonly FrozenDictionary<string, IProjection[]> _byEventType;

    public ProjectionRegistry(IEnumerable<IProjection> projections)
    {
        All = [.. projections];
        var byName = new Dictionary<string, IProjection>(StringComparer.Ordinal);
        foreach (var projection in All)
        {
            if (!byName.TryAdd(projection.Name, projection))
            {
                throw new InvalidOperationException(
                    $"Projection name '{projection.Name}' is used by both {byName[projection.Name].GetType().FullName} and {projection.GetType().FullName}.");
            }
        }

        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        Sync = [.. All.Where(IsSync)];
        _syncByEventType = Sync
            .SelectMany(p => p.EventTypes.Select(type => (type, p)))
            .GroupBy(x => x.type, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.p).ToArray(), StringComparer.Ordinal);
        _byEventType = All
            .SelectMany(p => p.EventTypes.Select(type => (type, p)))
            .GroupBy(x => x.type, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.p).ToArray(), StringComparer.Ordinal);
        Topics = [.. _byEventType.Keys.Select(Messaging.RecordedEventMessages.TopicOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<IProjection> All { get; }

    /// <summary>The projections marked <see cref="SyncProjectionAttribute"/>.</summary>
    public IReadOnlyList<IProjection> Sync { get; }

    /// <summary>The topics (bounded contexts) whose events at least one projection reads: what the event processor consumes.</summary>
    public IReadOnlyList<string> Topics { get; }

    public IProjection? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Every projection (sync or not) that reads <paramref name="eventType"/>, in registration order.</summary>
    public IReadOnlyList<IProjection> For(string eventType) => _byEventType.GetValueOrDefault(eventType) ?? [];

    /// <summary>The sync projections that read at least one of <paramref name="eventTypes"/>, each once, in registration order.</summary>
    public IReadOnlyList<IProjection> SyncFor(IEnumerable<string> eventTypes)
    {
        HashSet<IProjection>? found = null;
        foreach (var type in eventTypes)
        {
            if (_syncByEventType.TryGetValue(type, out var projections))
            {
                (found ??= new HashSet<IProjection>(ReferenceEqualityComparer.Instance)).UnionWith(projections);
            }
        }

        return found is null ? [] : [.. Sync.Where(found.Contains)];
    }

    public static bool IsSync(IProjection projection) => projection.GetType().IsDefined(typeof(SyncProjectionAttribute), inherit: false);
}
