using System.Text.Json;
using WellWon.Platform.Kernel;

namespace WellWon.Benchmarks;

/// <summary>A typical small business event (~200 bytes of JSON), the same for every store.</summary>
public sealed record ShipmentMilestoneReached(Guid ShipmentId, int Sequence, string Milestone, decimal DeclaredValue, string Currency, string Note);

/// <summary>The events and metadata every store under test writes, so each one stores the same information.</summary>
public static class BenchEvents
{
    public const string EventType = "logistics.shipment-milestone-reached.v1";

    private static readonly string[] Milestones = ["booked", "picked-up", "departed", "arrived", "customs-cleared", "delivered"];

    public static ShipmentMilestoneReached Payload(Guid shipmentId, int sequence) =>
        new(shipmentId, sequence, Milestones[sequence % Milestones.Length], 1250.75m + sequence, "EUR", "Container MSKU 123456-7, port of Hamburg, berth 4");

    public static JsonElement Data(Guid shipmentId, int sequence) => JsonSerializer.SerializeToElement(Payload(shipmentId, sequence), JsonOptions);

    /// <summary>What WellWon records with every event: correlation, causation, tenant, user and W3C trace context.</summary>
    public static EventMetadata Metadata(Guid tenantId, Guid userId) => new()
    {
        CorrelationId = Guid.NewGuid(),
        CausationId = Guid.NewGuid(),
        TenantId = tenantId,
        UserId = userId,
        TraceParent = $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01",
    };

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
