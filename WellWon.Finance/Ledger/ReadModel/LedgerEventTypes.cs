using System.Collections.Frozen;
using System.Reflection;
using WellWon.Platform.Kernel;

namespace WellWon.Finance.Ledger.ReadModel;

/// <summary>The stable names of the ledger's events the read models follow.</summary>
internal static class LedgerEventTypes
{
    public static FrozenSet<string> Of(params Type[] types) =>
        types.Select(t => t.GetCustomAttribute<EventTypeAttribute>()?.Name ?? throw new InvalidOperationException($"{t.FullName} has no [EventType].")).ToFrozenSet(StringComparer.Ordinal);
}
