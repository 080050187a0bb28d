using System.Collections.Frozen;
using System.Reflection;
using WellWon.Platform.Kernel;

namespace WellWon.Companies.ReadModel;

internal static class EventTypeNames
{
    /// <summary>The stable names (<c>[EventType]</c>) of <paramref name="types"/>.</summary>
    public static FrozenSet<string> Of(params Type[] types) =>
        types.Select(t => t.GetCustomAttribute<EventTypeAttribute>()?.Name ?? throw new InvalidOperationException($"{t.FullName} has no [EventType].")).ToFrozenSet(StringComparer.Ordinal);
}
