using System.Globalization;

namespace WellWon.Logistics.Domain;

/// <summary>A shipment's number in its company: <c>WW-2026-000123</c>, counted per company and calendar year (UTC) from 1.</summary>
public static class ShipmentReference
{
    public static string Format(int year, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"WW-{year:D4}-{number:D6}");
}

/// <summary>
/// Hands out reference numbers without gaps: each company's numbers of a year are 1, 2, 3 … and a number whose shipment was not
/// created goes back to be handed out again. A number is reserved for one shipment id before its stream is written and confirmed
/// after; a reservation neither confirmed nor given back within a timeout is settled against the event store (the shipment's
/// stream decides: created, or closed by a tombstone and the number reused).
/// </summary>
public interface IShipmentReferences
{
    /// <summary>The number reserved for <paramref name="shipmentId"/> (the same one when asked again for the same id).</summary>
    Task<int> ReserveAsync(Guid companyId, int year, Guid shipmentId, CancellationToken ct);

    /// <summary>The shipment was created: its number is used for good.</summary>
    Task ConfirmAsync(Guid shipmentId, CancellationToken ct);

    /// <summary>Creating the shipment failed: its number goes back, unless its stream was written after all.</summary>
    Task GiveBackAsync(Guid shipmentId, CancellationToken ct);
}
