using WellWon.Logistics.ReadModel;
using WellWon.Platform.Database;

namespace WellWon.Logistics;

/// <summary>
/// The <c>logistics</c> schema: the reference numbers (write side) and the read model's live tables, whose shapes come from their
/// projections (which create the same shape under another name when they are rebuilt).
/// </summary>
public static class LogisticsSchema
{
    public const string Module = "logistics";

    public const string References = """
        CREATE SCHEMA IF NOT EXISTS logistics;

        -- The highest reference number handed out per company and year.
        CREATE TABLE logistics.reference_counters (
            company_id  uuid    NOT NULL,
            year        integer NOT NULL,
            last_number integer NOT NULL,
            PRIMARY KEY (company_id, year)
        );

        -- Every number handed out: reserved for a shipment being created, used by it, or free to be handed out again.
        CREATE TABLE logistics.reference_numbers (
            company_id  uuid        NOT NULL,
            year        integer     NOT NULL,
            number      integer     NOT NULL,
            shipment_id uuid,
            state       text        NOT NULL CHECK (state IN ('reserved', 'used', 'free')),
            reserved_at timestamptz,
            PRIMARY KEY (company_id, year, number),
            CHECK ((state = 'free') = (shipment_id IS NULL))
        );
        CREATE UNIQUE INDEX reference_numbers_by_shipment ON logistics.reference_numbers (shipment_id);
        CREATE INDEX reference_numbers_open ON logistics.reference_numbers (company_id, year, number) WHERE state <> 'used';
        """;
}

/// <summary>The <c>logistics</c> module's migrations, in order; an applied one is never edited, a new version is added instead.</summary>
public sealed class LogisticsMigrations : IMigrationSource
{
    public IEnumerable<Migration> Migrations { get; } =
    [
        new(LogisticsSchema.Module, 1, "create reference numbers", LogisticsSchema.References),
        new(LogisticsSchema.Module, 2, "create shipments", ShipmentsProjection.CreateSql(ShipmentsProjection.LiveTable)),
        new(LogisticsSchema.Module, 3, "create shipment timeline", ShipmentTimelineProjection.CreateSql(ShipmentTimelineProjection.LiveTable)),
        new(LogisticsSchema.Module, 4, "create warehouses", WarehousesProjection.CreateSql(WarehousesProjection.LiveTable)),
        new(LogisticsSchema.Module, 5, "create warehouse stock", WarehouseStockProjection.CreateSql(WarehouseStockProjection.LiveTable)),
        new(LogisticsSchema.Module, 6, "create carriers", CarriersProjection.CreateSql(CarriersProjection.LiveTable)),
        new(LogisticsSchema.Module, 7, "create carrier credentials", Carriers.CarrierCredentials.Table),
        new(LogisticsSchema.Module, 8, "create carrier codes", Carriers.CarrierCodes.Table),
        new(LogisticsSchema.Module, 9, "create tracking subscriptions", Tracking.TrackingSubscriptions.Table),
        new(LogisticsSchema.Module, 10, "create shipment dashboard", ShipmentDashboardProjection.CreateSql(ShipmentDashboardProjection.LiveTable)),
    ];
}
