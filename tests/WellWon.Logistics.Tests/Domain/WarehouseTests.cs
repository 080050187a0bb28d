using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using WellWon.Platform.Kernel;
using static WellWon.Logistics.Tests.Domain.ShipmentFixture;

namespace WellWon.Logistics.Tests.Domain;

/// <summary>A warehouse's rules: stock never negative, over-release and over-put-away refused, discrepancies kept, locations unique.</summary>
public sealed class WarehouseTests
{
    private static readonly Guid Line = Guid.Parse("0193a8f0-0000-7000-8000-0000000000c1");

    private static Warehouse Stocked(int received = 10, int putAway = 6)
    {
        var w = Warehouse.Create(Guid.CreateVersion7(), CompanyId, "Shushary DC", "Saint Petersburg", "RULED", User, Now);
        w.AddLocation("A-01-03", User, Now);
        w.AddLocation("B-02", User, Now);
        w.Receive(Guid.NewGuid(), ShipmentId, Line, 10, received, [], User, Now);
        if (putAway > 0)
        {
            w.PutAway(ShipmentId, Line, "A-01-03", putAway, User, Now);
        }

        return w;
    }

    [Fact]
    public void Received_packages_wait_unallocated_until_put_away_and_a_release_takes_them_from_their_location()
    {
        var w = Stocked();
        w.Release(Guid.NewGuid(), ShipmentId, Line, "A-01-03", 6, User, Now);

        Assert.Equal(4, w.State.QuantityAt(ShipmentId, Line, Warehouse.Unallocated));
        Assert.Equal(0, w.State.QuantityAt(ShipmentId, Line, "A-01-03"));
        Assert.All(w.State.Stock, l => Assert.True(l.Quantity >= 0));
    }

    [Fact]
    public void A_release_of_more_than_the_location_holds_is_refused_and_changes_nothing()
    {
        var w = Stocked();
        var before = w.Changes.Count;

        Refused(() => w.Release(Guid.NewGuid(), ShipmentId, Line, "A-01-03", 7, User, Now), WarehouseErrors.ReleaseExceedsStock);
        Refused(() => w.Release(Guid.NewGuid(), ShipmentId, Line, "B-02", 1, User, Now), WarehouseErrors.ReleaseExceedsStock);
        Refused(() => w.Release(Guid.NewGuid(), ShipmentId, Guid.NewGuid(), "A-01-03", 1, User, Now), WarehouseErrors.ReleaseExceedsStock);
        Assert.Equal(before, w.Changes.Count);
        Assert.Equal(6, w.State.QuantityAt(ShipmentId, Line, "A-01-03"));
    }

    [Fact]
    public void Put_away_moves_no_more_than_is_unallocated_and_only_to_a_location_of_the_warehouse()
    {
        var w = Stocked();

        Refused(() => w.PutAway(ShipmentId, Line, "B-02", 5, User, Now), WarehouseErrors.PutAwayExceedsUnallocated);
        Assert.Throws<NotFoundException>(() => w.PutAway(ShipmentId, Line, "Z-99", 1, User, Now));
        w.PutAway(ShipmentId, Line, "B-02", 4, User, Now);
        Assert.Equal(0, w.State.QuantityAt(ShipmentId, Line, Warehouse.Unallocated));
    }

    [Fact]
    public void A_receipt_never_makes_stock_negative_nor_does_any_quantity_below_one_move()
    {
        var w = Stocked();

        Broken(() => w.Receive(Guid.NewGuid(), ShipmentId, Line, 10, -3, [], User, Now), WarehouseErrors.QuantityInvalid, "packages");
        Broken(() => w.Release(Guid.NewGuid(), ShipmentId, Line, "A-01-03", -1, User, Now), WarehouseErrors.QuantityInvalid, "packages");
        Broken(() => w.PutAway(ShipmentId, Line, "A-01-03", 0, User, Now), WarehouseErrors.QuantityInvalid, "packages");
        Assert.Equal((4, 6), (w.State.QuantityAt(ShipmentId, Line, Warehouse.Unallocated), w.State.QuantityAt(ShipmentId, Line, "A-01-03")));
    }

    [Fact]
    public void Damage_and_shortage_are_recorded_with_expected_received_and_reason()
    {
        var w = Warehouse.Create(Guid.CreateVersion7(), CompanyId, "Shushary DC", null, "RULED", User, Now);
        ReceiptDiscrepancy[] found = [new(Warehouse.Shortage, 10, 8, "Two pallets missing"), new(Warehouse.Damage, 8, 1, "Crushed carton")];

        w.Receive(Guid.NewGuid(), ShipmentId, Line, 10, 8, found, User, Now);

        var receipt = Assert.Single(w.State.Receipts);
        Assert.Equal((10, 8), (receipt.Expected, receipt.Received));
        Assert.Equal(found, receipt.Discrepancies);
        Broken(() => w.Receive(Guid.NewGuid(), ShipmentId, Line, 10, 1, [new("lost", 1, 0, "")], User, Now), WarehouseErrors.DiscrepancyKindInvalid, "discrepancies[0].kind");
    }

    [Fact]
    public void Location_codes_are_unique_per_warehouse_and_shaped_like_A_01_03()
    {
        var w = Stocked();

        Broken(() => w.AddLocation("A-01-03", User, Now), WarehouseErrors.LocationDuplicate, "code");
        Broken(() => w.AddLocation("A 01", User, Now), WarehouseErrors.LocationCodeInvalid, "code");
        Broken(() => Warehouse.Create(Guid.NewGuid(), CompanyId, "", null, "QQLED", User, Now), WarehouseErrors.NameInvalid, "name");
        Broken(() => Warehouse.Create(Guid.NewGuid(), CompanyId, "DC", null, "QQLED", User, Now), ShipmentErrors.UnLocodeCountryUnknown, "unLocode");
    }
}
