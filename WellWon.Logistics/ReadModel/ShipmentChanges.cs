using WellWon.Logistics.Contracts;
using WellWon.Platform.Kernel;
using WellWon.Platform.RealTime;

namespace WellWon.Logistics.ReadModel;

/// <summary>
/// What a shipment's changes look like to clients (<c>changed</c>, entity <c>"shipment"</c>), pushed to its company's group after
/// the event processor applied the event. Id = the shipment, Version = its stream version, Scope = the part that changed; no
/// content: the client re-reads through the API, where its role is checked.
/// </summary>
public static class ShipmentChanges
{
    public const string Entity = "shipment";

    public static string ScopeOf(IDomainEvent e) => e switch
    {
        ShipmentCreated => "created",
        ShipmentHeaderUpdated => "header",
        ShipmentBooked or ShipmentCancelled => "status",
        CargoLineAdded or CargoLineUpdated or CargoLineRemoved => "cargo",
        ContainerAdded or ContainerUpdated or ContainerRemoved => "containers",
        LegAdded or LegUpdated or LegRemoved or LegEtaRevised => "legs",
        ShipmentDelayed => "delay",
        MilestoneRecorded => "milestones",
        NoteAdded => "notes",
        DocumentAttached or DocumentDetached => "documents",
        _ => "shipment",
    };

    public static (ChangeAudience, ChangeNotification) Changed(Guid companyId, Guid shipmentId, long version, string scope) =>
        (ChangeAudience.Company(companyId), new ChangeNotification(Entity, shipmentId.ToString("D"), version, scope));
}
