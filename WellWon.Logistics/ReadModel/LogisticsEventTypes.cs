using System.Collections.Frozen;
using System.Reflection;
using WellWon.Logistics.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.ReadModel;

/// <summary>The stable names of the shipment events the read models follow (all but the tombstone of a shipment never created).</summary>
internal static class LogisticsEventTypes
{
    public static readonly FrozenSet<string> ShipmentEvents = Of(
        typeof(ShipmentCreated), typeof(ShipmentHeaderUpdated), typeof(ShipmentBooked),
        typeof(CargoLineAdded), typeof(CargoLineUpdated), typeof(CargoLineRemoved),
        typeof(ContainerAdded), typeof(ContainerUpdated), typeof(ContainerRemoved),
        typeof(LegAdded), typeof(LegUpdated), typeof(LegRemoved),
        typeof(MilestoneRecorded), typeof(ShipmentCancelled), typeof(NoteAdded), typeof(DocumentAttached), typeof(DocumentDetached),
        typeof(LegEtaRevised), typeof(ShipmentDelayed));

    public static FrozenSet<string> Of(params Type[] types) =>
        types.Select(t => t.GetCustomAttribute<EventTypeAttribute>()?.Name ?? throw new InvalidOperationException($"{t.FullName} has no [EventType].")).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>"logistics-shipment-{id:N}" → the id.</summary>
    public static Guid ShipmentIdOf(string streamId) => Guid.ParseExact(streamId.AsSpan(streamId.LastIndexOf('-') + 1), "N");
}
