using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using WellWon.Platform.Kernel;
using static WellWon.Logistics.Tests.Domain.ShipmentFixture;

namespace WellWon.Logistics.Tests.Domain;

/// <summary>
/// A leg's ETA as carriers and users revise it: recorded once per reporter's update id, never replaced by an older estimate, and a
/// delay raised when the final arrival slips past the plan at booking by more than the threshold — again only as the slip grows by
/// another threshold, never after arrival.
/// </summary>
public sealed class ShipmentEtaTests
{
    private static readonly TimeSpan Threshold = TimeSpan.FromHours(24);
    private static readonly DateTimeOffset PlannedEta = Now.AddDays(43);
    private static readonly MilestoneSource Simu = MilestoneSource.FromCarrier("SIMU");

    private static EtaRevisionOutcome Revise(Shipment s, Guid leg, DateTimeOffset eta, string? eventId = null, MilestoneSource? source = null, DateTimeOffset? madeAt = null) =>
        s.ReviseLegEta(leg, eta, source ?? Simu, eventId, madeAt ?? Now, Threshold, Now);

    private static List<IDomainEvent> Changes(Shipment s) => [.. ((IAggregate)s).Changes];

    [Fact]
    public void Booking_keeps_the_last_legs_eta_as_the_plan()
    {
        Assert.Null(Draft().State.PlannedEta);
        Assert.Equal(PlannedEta, Booked().State.PlannedEta);
    }

    [Fact]
    public void A_revision_sets_the_legs_eta_and_says_what_it_was_and_who_said_so()
    {
        var shipment = Booked();

        Assert.Equal(EtaRevisionOutcome.Revised, Revise(shipment, SeaLeg, Now.AddDays(41), "SIMU-1"));

        var revised = Assert.IsType<LegEtaRevised>(Assert.Single(Changes(shipment)));
        Assert.Equal((SeaLeg, Now.AddDays(40), Now.AddDays(41), "SIMU", "SIMU-1"), (revised.LegId, revised.PreviousEta, revised.NewEta, revised.Source.Carrier, revised.CarrierEventId));
        var stored = Stored(shipment).State;
        Assert.Equal(Now.AddDays(41), stored.Legs[0].Eta);
        Assert.Equal(PlannedEta, stored.PlannedEta);
        Assert.False(stored.Delayed);
    }

    [Fact]
    public void The_same_reporters_update_id_is_recorded_once_and_another_reporters_same_id_is_its_own()
    {
        var shipment = Booked();
        Revise(shipment, SeaLeg, Now.AddDays(41), "E-1");
        shipment = Stored(shipment);

        Assert.Equal(EtaRevisionOutcome.Duplicate, Revise(shipment, SeaLeg, Now.AddDays(45), "E-1"));
        Assert.Empty(Changes(shipment));
        Assert.Equal(EtaRevisionOutcome.Revised, Revise(shipment, SeaLeg, Now.AddDays(42), "E-1", MilestoneSource.FromCarrier("MAEU")));
    }

    [Fact]
    public void A_revision_equal_to_the_current_eta_is_ignored()
    {
        var shipment = Booked();

        Assert.Equal(EtaRevisionOutcome.Unchanged, Revise(shipment, SeaLeg, Now.AddDays(40), "E-1"));
        Assert.Empty(Changes(shipment));
    }

    [Fact]
    public void An_estimate_made_before_the_latest_one_never_replaces_it()
    {
        var shipment = Booked();
        Revise(shipment, SeaLeg, Now.AddDays(44), "E-2", madeAt: Now.AddHours(-1));
        shipment = Stored(shipment);

        Assert.Equal(EtaRevisionOutcome.Stale, Revise(shipment, SeaLeg, Now.AddDays(41), "E-1", madeAt: Now.AddHours(-5)));
        Assert.Empty(Changes(shipment));
        Assert.Equal(Now.AddDays(44), shipment.State.Legs[0].Eta);
    }

    [Fact]
    public void The_final_arrival_slipping_past_the_threshold_delays_the_shipment_once()
    {
        var shipment = Booked();

        Assert.Equal(EtaRevisionOutcome.Revised, Revise(shipment, TruckLeg, PlannedEta.AddHours(24), "E-1"));
        Assert.Equal(EtaRevisionOutcome.RevisedAndDelayed, Revise(shipment, TruckLeg, PlannedEta.AddHours(30), "E-2"));
        Assert.Equal(EtaRevisionOutcome.Revised, Revise(shipment, TruckLeg, PlannedEta.AddHours(40), "E-3"));

        var delayed = Assert.Single(Changes(shipment).OfType<ShipmentDelayed>());
        Assert.Equal((CompanyId, "WW-2026-000001", PlannedEta, PlannedEta.AddHours(30), TimeSpan.FromHours(30)),
            (delayed.CompanyId, delayed.Reference, delayed.PlannedEta, delayed.ExpectedEta, delayed.Delay));
        var state = Stored(shipment).State;
        Assert.True(state.Delayed);
        Assert.Equal(TimeSpan.FromHours(30), state.Delay);
    }

    [Fact]
    public void A_delay_is_raised_again_only_when_the_slip_grows_by_another_threshold()
    {
        var shipment = Booked();
        Revise(shipment, TruckLeg, PlannedEta.AddHours(30), "E-1");
        Revise(shipment, TruckLeg, PlannedEta.AddHours(53), "E-2");
        Revise(shipment, TruckLeg, PlannedEta.AddHours(10), "E-3");
        Assert.Equal(EtaRevisionOutcome.RevisedAndDelayed, Revise(shipment, TruckLeg, PlannedEta.AddHours(54), "E-4"));

        Assert.Equal([TimeSpan.FromHours(30), TimeSpan.FromHours(54)], Changes(shipment).OfType<ShipmentDelayed>().Select(d => d.Delay));
    }

    [Fact]
    public void Only_the_final_legs_eta_counts_towards_a_delay()
    {
        var shipment = Booked();

        Assert.Equal(EtaRevisionOutcome.Revised, Revise(shipment, SeaLeg, Now.AddDays(42), "E-1"));
        Assert.Empty(Changes(shipment).OfType<ShipmentDelayed>());
    }

    [Fact]
    public void No_delay_is_raised_for_a_draft_or_after_arrival_and_an_arrived_leg_takes_no_estimate()
    {
        var draft = Draft();
        Assert.Equal(EtaRevisionOutcome.Revised, Revise(draft, TruckLeg, PlannedEta.AddDays(5), "E-1"));
        Assert.Empty(Changes(draft).OfType<ShipmentDelayed>());

        var shipment = Booked(Plan(legs: [Leg("CNSHA", "RULED", TransportModes.Sea, SeaLeg, Now.AddDays(-20), Now.AddDays(-1))]));
        shipment.RecordMilestone(Reported(MilestoneKinds.Departed, Now.AddDays(-20)), Now);
        shipment.RecordMilestone(Reported(MilestoneKinds.Arrived, Now.AddHours(-2)), Now);
        shipment = Stored(shipment);
        Refused(() => Revise(shipment, SeaLeg, Now.AddDays(5), "E-2"), ShipmentErrors.LegAlreadyArrived);
        Assert.Empty(Changes(shipment));
    }

    [Fact]
    public void A_closed_shipment_an_unknown_leg_or_an_estimate_from_the_future_is_refused()
    {
        var shipment = Booked();
        NotFound(() => Revise(shipment, Guid.NewGuid(), Now.AddDays(50), "E-1"));
        Broken(() => Revise(shipment, SeaLeg, Now.AddDays(50), "E-2", madeAt: Now.AddHours(1)), ShipmentErrors.MilestoneInFuture, "at");

        var cancelled = Booked();
        cancelled.Cancel("Buyer withdrew", User, Now);
        cancelled = Stored(cancelled);
        Refused(() => Revise(cancelled, SeaLeg, Now.AddDays(50), "E-3"), ShipmentErrors.Closed);
    }

    [Fact]
    public void A_repeat_after_the_shipment_closed_is_still_answered_as_a_duplicate()
    {
        var shipment = Booked();
        Revise(shipment, SeaLeg, Now.AddDays(41), "E-1");
        shipment.Cancel("Buyer withdrew", User, Now);
        shipment = Stored(shipment);

        Assert.Equal(EtaRevisionOutcome.Duplicate, Revise(shipment, SeaLeg, Now.AddDays(41), "E-1"));
    }

    private static void NotFound(Action action) => Assert.Equal(ShipmentErrors.LegNotFound, Assert.Throws<NotFoundException>(action).Code);
}
