using System.Collections.Frozen;
using System.Reflection;
using WellWon.Customs.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Customs.ReadModel;

/// <summary>The stable names of the declaration events the read models follow.</summary>
internal static class CustomsEventTypes
{
    public static readonly FrozenSet<string> DeclarationEvents = Of(
        typeof(DeclarationCreated), typeof(DeclarationHeaderUpdated),
        typeof(GoodsItemAdded), typeof(GoodsItemUpdated), typeof(GoodsItemRemoved), typeof(DeclarationCostsSet),
        typeof(DeclarationChecked), typeof(DeclarationCalculated), typeof(DeclarationSubmitted), typeof(DeclarationRegistered),
        typeof(DeclarationReleased), typeof(DeclarationRejected), typeof(DeclarationRecalled), typeof(DeclarationCorrected));

    public static FrozenSet<string> Of(params Type[] types) =>
        types.Select(t => t.GetCustomAttribute<EventTypeAttribute>()?.Name ?? throw new InvalidOperationException($"{t.FullName} has no [EventType].")).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>"customs-declaration-{id:N}" → the id.</summary>
    public static Guid DeclarationIdOf(string streamId) => Guid.ParseExact(streamId.AsSpan(streamId.LastIndexOf('-') + 1), "N");
}
