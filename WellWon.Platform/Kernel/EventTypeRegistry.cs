using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;

namespace WellWon.Platform.Kernel;

/// <summary>
/// Maps stable event type names to CLR types and back, and (de)serialises events as JSON.
/// Built once at start-up from the assemblies that hold the bounded contexts; a duplicate name fails at boot.
/// </summary>
public sealed class EventTypeRegistry
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly FrozenDictionary<string, Type> _byName;
    private readonly FrozenDictionary<Type, string> _byType;
    private readonly FrozenDictionary<string, EventUpcaster> _upcasters;

    public EventTypeRegistry(IEnumerable<Assembly> assemblies, IEnumerable<EventUpcaster>? upcasters = null)
    {
        var byName = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in assemblies.Distinct().SelectMany(a => a.GetTypes()))
        {
            if (type.IsAbstract || !typeof(IDomainEvent).IsAssignableFrom(type))
            {
                continue;
            }

            var name = type.GetCustomAttribute<EventTypeAttribute>()?.Name
                ?? throw new InvalidOperationException($"Event {type.FullName} has no [EventType(\"context.name.vN\")] attribute.");
            if (!byName.TryAdd(name, type))
            {
                throw new InvalidOperationException($"Event type name '{name}' is used by both {byName[name].FullName} and {type.FullName}.");
            }
        }

        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _byType = byName.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);
        _upcasters = (upcasters ?? []).ToFrozenDictionary(u => u.FromType, StringComparer.Ordinal);
    }

    public string NameOf(Type eventType) =>
        _byType.TryGetValue(eventType, out var name)
            ? name
            : throw new InvalidOperationException($"Event {eventType.FullName} is not registered; add its assembly to the registry.");

    public bool IsKnown(string eventType) => _byName.ContainsKey(eventType) || _upcasters.ContainsKey(eventType);

    public JsonElement Serialize(IDomainEvent e) => JsonSerializer.SerializeToElement(e, e.GetType(), JsonOptions);

    /// <summary>The event as today's code knows it: an old shape is upcast first. Null for a type this process does not know.</summary>
    public IDomainEvent? Deserialize(string eventType, JsonElement data)
    {
        // Upcasters chain: v1 → v2 → v3.
        for (var hops = 0; hops < 16 && _upcasters.TryGetValue(eventType, out var upcaster); hops++)
        {
            data = upcaster.Upcast(data);
            eventType = upcaster.ToType;
        }

        return _byName.TryGetValue(eventType, out var type)
            ? (IDomainEvent?)data.Deserialize(type, JsonOptions)
            : null;
    }
}

/// <summary>Turns the stored JSON of an old event version into the shape of a newer one.</summary>
public sealed record EventUpcaster(string FromType, string ToType, Func<JsonElement, JsonElement> Upcast);
