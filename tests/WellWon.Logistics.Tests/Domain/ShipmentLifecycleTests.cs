using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using static WellWon.Logistics.Tests.Domain.ShipmentFixture;

namespace WellWon.Logistics.Tests.Domain;

/// <summary>
/// Where a shipment may go from where it is: draft → booked → in transit → arrived → cleared → delivered, or cancelled before
/// departure; route, containers and cargo fixed once it has departed; nothing but notes once it is closed.
/// </summary>
public sealed class ShipmentLifecycleTests
{
    [Fact]
    public void A_new_shipment_is_a_draft_with_what_its_creator_gave()
    {
        var shipment = Draft();

        var s = shipment.State;
        Assert.True(s.Exists);
        Assert.Equal((ShipmentStatuses.Draft, "WW-2026-000001", CompanyId, "FOB"), (s.Status, s.Reference, s.CompanyId, s.Header.Incoterm));
        Assert.Equal(["CNSHA→RULED", "RULED→RUMOW"], s.Legs.Select(l => $"{l.From}→{l.To}"));
        Assert.All(s.Legs, l => Assert.Null(l.Atd));
        Assert.Empty(s.Milestones);
    }

    [Fact]
    public void Booking_needs_a_route_and_cargo_and_happens_once()
    {
        var empty = Draft(Plan(legs: [], cargo: []));
        Refused(() => empty.Book(Guid.NewGuid(), User, Now), ShipmentErrors.BookingIncomplete);

        var shipment = Booked();
        Assert.Equal(ShipmentStatuses.Booked, shipment.State.Status);
        Assert.Equal(MilestoneKinds.Booked, Assert.Single(shipment.State.Milestones).Kind);
        Refused(() => shipment.Book(Guid.NewGuid(), User, Now), ShipmentErrors.NotDraft);
    }

    [Fact]
    public void A_shipment_goes_through_its_whole_journey_with_each_leg_getting_its_actual_times()
    {
        var shipment = Booked();

        shipment.RecordMilestone(Reported(MilestoneKinds.CargoReady, Now.AddHours(-30)), Now);
        shipment.RecordMilestone(Reported(MilestoneKinds.PickedUp, Now.AddHours(-28)), Now);
        var departed = shipment.RecordMilestone(Reported(MilestoneKinds.Departed, Now.AddHours(-24), location: "CNSHA"), Now);
        Assert.Equal(ShipmentStatuses.InTransit, departed.Status);
        shipment.RecordMilestone(Reported(MilestoneKinds.Transshipped, Now.AddHours(-20), location: "KRPUS"), Now);
        Assert.Equal(ShipmentStatuses.InTransit, shipment.RecordMilestone(Reported(MilestoneKinds.Arrived, Now.AddHours(-10)), Now).Status);
        shipment.RecordMilestone(Reported(MilestoneKinds.Departed, Now.AddHours(-8)), Now);
        Assert.Equal(ShipmentStatuses.Arrived, shipment.RecordMilestone(Reported(MilestoneKinds.Arrived, Now.AddHours(-4)), Now).Status);
        Assert.Equal(ShipmentStatuses.Cleared, shipment.RecordMilestone(Reported(MilestoneKinds.CustomsCleared, Now.AddHours(-3)), Now).Status);
        shipment.RecordMilestone(Reported(MilestoneKinds.OutForDelivery, Now.AddHours(-2)), Now);
        Assert.Equal(ShipmentStatuses.Delivered, shipment.RecordMilestone(Reported(MilestoneKinds.Delivered, Now.AddHours(-1)), Now).Status);

        var legs = Stored(shipment).State.Legs;
        Assert.Equal((Now.AddHours(-24), Now.AddHours(-10)), (legs[0].Atd, legs[0].Ata));
        Assert.Equal((Now.AddHours(-8), Now.AddHours(-4)), (legs[1].Atd, legs[1].Ata));
    }

    [Theory]
    [InlineData(MilestoneKinds.Delivered)]
    [InlineData(MilestoneKinds.CustomsCleared)]
    [InlineData(MilestoneKinds.OutForDelivery)]
    [InlineData(MilestoneKinds.Transshipped)]
    [InlineData(MilestoneKinds.Arrived)]
    public void Nothing_is_reported_before_what_must_come_first(string kind) =>
        Refused(() => Booked().RecordMilestone(Reported(kind, Now), Now), kind == MilestoneKinds.Arrived ? ShipmentErrors.NoLegToReport : ShipmentErrors.MilestoneOutOfOrder);

    [Fact]
    public void A_draft_does_not_depart_and_a_delivered_shipment_is_not_delivered_before_it_arrived()
    {
        Refused(() => Draft().RecordMilestone(Reported(MilestoneKinds.Departed, Now), Now), ShipmentErrors.MilestoneOutOfOrder);
        var underWay = Booked();
        underWay.RecordMilestone(Reported(MilestoneKinds.Departed, Now.AddHours(-5)), Now);
        var e = Refused(() => underWay.RecordMilestone(Reported(MilestoneKinds.Delivered, Now), Now), ShipmentErrors.MilestoneOutOfOrder);
        Assert.Contains("arrived first", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_leg_arrives_after_it_departed_and_each_happens_once()
    {
        var shipment = Booked();
        Refused(() => shipment.RecordMilestone(Reported(MilestoneKinds.Arrived, Now, leg: SeaLeg), Now), ShipmentErrors.LegNotDeparted);
        shipment.RecordMilestone(Reported(MilestoneKinds.Departed, Now.AddHours(-5), leg: SeaLeg), Now);
        Refused(() => shipment.RecordMilestone(Reported(MilestoneKinds.Departed, Now.AddHours(-4), leg: SeaLeg), Now), ShipmentErrors.LegAlreadyDeparted);
        Refused(() => shipment.RecordMilestone(Reported(MilestoneKinds.Arrived, Now, leg: TruckLeg), Now), ShipmentErrors.LegNotDeparted);
        Broken(() => shipment.RecordMilestone(Reported(MilestoneKinds.Arrived, Now.AddHours(-6), leg: SeaLeg), Now), ShipmentErrors.AtaBeforeAtd, "at");
        shipment.RecordMilestone(Reported(MilestoneKinds.Arrived, Now.AddHours(-1), leg: SeaLeg), Now);
        Refused(() => shipment.RecordMilestone(Reported(MilestoneKinds.Arrived, Now, leg: SeaLeg), Now), ShipmentErrors.LegAlreadyArrived);
        Refused(() => shipment.RecordMilestone(Reported(MilestoneKinds.Departed, Now, leg: Guid.NewGuid()), Now), ShipmentErrors.LegNotFound);
    }

    [Fact]
    public void A_milestone_reports_the_past_an_exception_says_why_and_booking_is_not_a_milestone_to_report()
    {
        var shipment = Booked();
        Broken(() => shipment.RecordMilestone(Reported(MilestoneKinds.CargoReady, Now.AddHours(1)), Now), ShipmentErrors.MilestoneInFuture, "at");
        shipment.RecordMilestone(Reported(MilestoneKinds.CargoReady, Now.AddMinutes(4)), Now); // a clock a little ahead
        Broken(() => shipment.RecordMilestone(Reported(MilestoneKinds.Exception, Now), Now), ShipmentErrors.ReasonRequired, "reason");
        Assert.Equal(ShipmentStatuses.Booked, shipment.RecordMilestone(Reported(MilestoneKinds.Exception, Now, reason: "Typhoon: port closed"), Now).Status);
        Broken(() => shipment.RecordMilestone(Reported(MilestoneKinds.Booked, Now), Now), ShipmentErrors.MilestoneKindInvalid, "kind");
        Broken(() => shipment.RecordMilestone(Reported(MilestoneKinds.CargoReady, Now, location: "QQABC"), Now), ShipmentErrors.UnLocodeCountryUnknown, "location");
    }

    [Fact]
    public void A_carriers_event_is_recorded_once_even_when_it_comes_again_after_the_shipment_closed()
    {
        var shipment = Booked();
        var first = shipment.RecordMilestone(Reported(MilestoneKinds.Departed, Now.AddHours(-5), carrier: "MSC", eventId: "EV-1"), Now);
        var again = shipment.RecordMilestone(Reported(MilestoneKinds.Departed, Now.AddHours(-5), carrier: "MSC", eventId: "EV-1"), Now);
        Assert.Equal((first.MilestoneId, true), (again.MilestoneId, again.Duplicate));

        // Another carrier's event may carry the same id: it is another event.
        shipment.RecordMilestone(Reported(MilestoneKinds.Transshipped, Now.AddHours(-4), carrier: "COSCO", eventId: "EV-1"), Now);
        shipment.RecordMilestone(Reported(MilestoneKinds.Arrived, Now.AddHours(-3), carrier: "MSC", eventId: "EV-2"), Now);
        shipment.RecordMilestone(Reported(MilestoneKinds.Departed, Now.AddHours(-2)), Now);
        shipment.RecordMilestone(Reported(MilestoneKinds.Arrived, Now.AddHours(-1)), Now);
        shipment.RecordMilestone(Reported(MilestoneKinds.Delivered, Now), Now);
        Assert.Equal(7, Stored(shipment).State.Milestones.Count);
        Assert.True(shipment.RecordMilestone(Reported(MilestoneKinds.Arrived, Now, carrier: "MSC", eventId: "EV-2"), Now).Duplicate);
    }

    [Fact]
    public void After_delivery_or_cancellation_nothing_changes_but_notes()
    {
        var delivered = Booked();
        foreach (var kind in new[] { MilestoneKinds.Departed, MilestoneKinds.Arrived, MilestoneKinds.Departed, MilestoneKinds.Arrived, MilestoneKinds.Delivered })
        {
            delivered.RecordMilestone(Reported(kind, Now.AddHours(-1)), Now);
        }

        var cancelled = Booked();
        cancelled.Cancel("Buyer withdrew the order", User, Now);
        Assert.Equal((ShipmentStatuses.Cancelled, "Buyer withdrew the order"), (Stored(cancelled).State.Status, cancelled.State.CancelReason));

        foreach (var closed in new[] { delivered, cancelled })
        {
            Refused(() => closed.RecordMilestone(Reported(MilestoneKinds.Exception, Now, reason: "Damaged"), Now), ShipmentErrors.Closed);
            Refused(() => closed.UpdateHeader(closed.State.Header with { BlNumber = "MEDU123" }, User, Now), ShipmentErrors.Closed);
            Refused(() => closed.AddCargoLine(Bearings(), User, Now), ShipmentErrors.Closed);
            Refused(() => closed.Cancel("Again", User, Now), ShipmentErrors.Closed);
            Refused(() => closed.AttachDocument(Guid.NewGuid(), ShipmentDocumentTypes.ProofOfDelivery, User, Now), ShipmentErrors.Closed);
            closed.AddNote(Guid.NewGuid(), "Claim filed for two damaged pallets", User, Now);
            Assert.Single(Stored(closed).State.Notes);
        }
    }

    [Fact]
    public void A_shipment_is_cancelled_only_before_it_departs_and_with_a_reason()
    {
        var draft = Draft();
        Broken(() => draft.Cancel("", User, Now), ShipmentErrors.ReasonRequired, "reason");
        draft.Cancel("Duplicate entry", User, Now);

        var underWay = Booked();
        underWay.RecordMilestone(Reported(MilestoneKinds.PickedUp, Now), Now);
        Refused(() => underWay.Cancel("Too late", User, Now), ShipmentErrors.CancelAfterDeparture);
    }

    [Fact]
    public void Route_containers_and_cargo_change_before_departure_only()
    {
        var shipment = Booked();
        shipment.AddContainer(Box("CSQU3054383", "22G1"), User, Now);
        shipment.UpdateCargoLine(shipment.State.Cargo[0] with { Packages = 12 }, User, Now);
        shipment.RecordMilestone(Reported(MilestoneKinds.Departed, Now), Now);

        Refused(() => shipment.AddContainer(Box("MSKU9070323"), User, Now), ShipmentErrors.Departed);
        Refused(() => shipment.RemoveContainer("CSQU3054383", User, Now), ShipmentErrors.Departed);
        Refused(() => shipment.UpdateCargoLine(shipment.State.Cargo[0] with { Packages = 13 }, User, Now), ShipmentErrors.Departed);
        Refused(() => shipment.RemoveCargoLine(shipment.State.Cargo[0].Id, User, Now), ShipmentErrors.Departed);
        Refused(() => shipment.AddLeg(Leg("RUMOW", "RUKZN", TransportModes.Road), User, Now), ShipmentErrors.Departed);
        Refused(() => shipment.RemoveLeg(TruckLeg, User, Now), ShipmentErrors.Departed);

        // The header still changes while under way: the B/L is issued once the goods are on board.
        shipment.UpdateHeader(shipment.State.Header with { BlNumber = "MEDUSH123456" }, User, Now);
        Assert.Equal("MEDUSH123456", Stored(shipment).State.Header.BlNumber);
    }

    [Fact]
    public void Legs_stay_chained_when_added_changed_or_removed()
    {
        var shipment = Draft();
        Broken(() => shipment.AddLeg(Leg("RULED", "RUKZN", TransportModes.Rail), User, Now), ShipmentErrors.LegsNotChained, "legs[2].from");
        shipment.AddLeg(Leg("RUMOW", "RUKZN", TransportModes.Rail), User, Now);

        var sea = shipment.State.Legs[0];
        var e = Broken(() => shipment.UpdateLeg(sea with { To = "RUVVO" }, User, Now), ShipmentErrors.LegsNotChained, "legs[0].to");
        Assert.Equal("to", e.ItemField);
        shipment.UpdateLeg(sea with { Vessel = "MSC Oscar", Voyage = "FE347W" }, User, Now);
        Assert.Equal("MSC Oscar", shipment.State.Legs[0].Vessel);

        Refused(() => shipment.RemoveLeg(TruckLeg, User, Now), ShipmentErrors.LegsNotChained);
        shipment.RemoveLeg(shipment.State.Legs[2].Id, User, Now);
        shipment.RemoveLeg(SeaLeg, User, Now);
        Assert.Equal(["RULED→RUMOW"], Stored(shipment).State.Legs.Select(l => $"{l.From}→{l.To}"));
    }

    [Fact]
    public void A_booking_keeps_a_leg_and_a_cargo_line()
    {
        var shipment = Booked(Plan(legs: [Leg("CNSHA", "RULED")]));
        Refused(() => shipment.RemoveLeg(shipment.State.Legs[0].Id, User, Now), ShipmentErrors.BookingIncomplete);
        Refused(() => shipment.RemoveCargoLine(shipment.State.Cargo[0].Id, User, Now), ShipmentErrors.BookingIncomplete);
    }

    [Fact]
    public void Items_are_checked_as_on_creation_and_named_from_the_item_and_from_the_shipment()
    {
        var shipment = Draft();
        var e = Broken(() => shipment.AddContainer(Box("MSCU1234567"), User, Now), ShipmentErrors.ContainerCheckDigit, "containers[1].number");
        Assert.Equal("number", e.ItemField);
        Broken(() => shipment.AddContainer(Box(), User, Now), ShipmentErrors.ContainerDuplicate, "containers[1].number");
        Broken(() => shipment.AddCargoLine(Bearings(gross: 5, net: 6), User, Now), ShipmentErrors.NetExceedsGross, "cargo[1].netWeightKg");
        shipment.UpdateHeader(shipment.State.Header with { Incoterm = "CIF", IncotermPlace = "Saint Petersburg" }, User, Now);

        var byAir = Draft(Plan(mode: TransportModes.Air, incoterm: "FCA", legs: [Leg("CNPVG", "RUSVO", TransportModes.Air)]));
        Broken(() => byAir.UpdateHeader(byAir.State.Header with { Incoterm = "CIF" }, User, Now), ShipmentErrors.IncotermMode, "incoterm");
    }

    [Fact]
    public void Changes_that_change_nothing_record_nothing()
    {
        var shipment = Draft();
        shipment.UpdateHeader(shipment.State.Header, User, Now);
        shipment.UpdateCargoLine(shipment.State.Cargo[0], User, Now);
        shipment.UpdateContainer(shipment.State.Containers[0] with { Seals = ["SEAL001"] }, User, Now);
        shipment.UpdateLeg(shipment.State.Legs[0], User, Now);
        var document = Guid.NewGuid();
        shipment.AttachDocument(document, ShipmentDocumentTypes.CommercialInvoice, User, Now);
        shipment.AttachDocument(document, ShipmentDocumentTypes.CommercialInvoice, User, Now);
        Assert.Single(shipment.Changes);
    }
}
