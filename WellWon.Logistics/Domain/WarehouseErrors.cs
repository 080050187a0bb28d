using WellWon.Platform.Kernel;

namespace WellWon.Logistics.Domain;

/// <summary>The stable codes of the rules a warehouse enforces (each becomes the <c>code</c> of a problem detail).</summary>
public static class WarehouseErrors
{
    public const string NotFound = "logistics.warehouse-not-found";
    public const string LocationNotFound = "logistics.location-not-found";

    // Shapes: 400 naming the field.
    public const string NameInvalid = "logistics.warehouse-name-invalid";
    public const string AddressInvalid = "logistics.warehouse-address-invalid";
    public const string LocationCodeInvalid = "logistics.location-code-invalid";
    public const string LocationDuplicate = "logistics.location-duplicate";
    public const string QuantityInvalid = "logistics.quantity-invalid";
    public const string DiscrepancyKindInvalid = "logistics.discrepancy-kind-invalid";

    // What the stock does not allow: 422.
    public const string ReleaseExceedsStock = "logistics.release-exceeds-stock";
    public const string PutAwayExceedsUnallocated = "logistics.put-away-exceeds-unallocated";

    /// <summary>The one answer for a warehouse that does not exist and for one of a company the caller is not in.</summary>
    public static NotFoundException WarehouseNotFound(Guid warehouseId) => new(NotFound, $"Warehouse {warehouseId} does not exist.");
}
