using WellWon.Logistics.Contracts;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.Tests.ReadModel;

/// <summary>The dashboard's fold of a shipment's events: ETAs planned and expected, departure, arrival, delay and lane.</summary>
public sealed class ShipmentDashboardRowTests
{
    private static readonly DateTimeOffset T0 = new(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly Guid Company = Guid.NewGuid();
    private static readonly Guid User = Guid.NewGuid();
    private static readonly RouteLeg Sea = new(Guid.NewGuid(), "CNSHA", "SGSIN", "sea", null, null, null, null, T0, T0.AddDays(10));
    private static readonly RouteLeg Feeder = new(Guid.NewGuid(), "SGSIN", "RULED", "sea", null, null, null, null, T0.AddDays(11), T0.AddDays(30));

    private static ShipmentDashboardRow? Fold(params IDomainEvent[] events) => events.Aggregate((ShipmentDashboardRow?)null, ShipmentDashboardRow.When);

    private static ShipmentCreated Created(params RouteLeg[] legs) => new(Id, Company, "WW-2027-000001", "sea", new(null, null, null, null, null, null), [], [], legs, User, T0);

    private static ShipmentBooked Booked() => new(Id, Company, "WW-2027-000001", Guid.NewGuid(), User, T0);

    private static MilestoneRecorded Milestone(string kind, DateTimeOffset at, Guid? leg, string status) =>
        new(Id, new Milestone(Guid.NewGuid(), kind, at, null, leg, null, MilestoneSource.User(User), null), status, at);

    private static LegEtaRevised Revised(RouteLeg leg, DateTimeOffset eta) => new(Id, leg.Id, leg.Eta, eta, MilestoneSource.FromCarrier("MSC"), null, eta);

    private static ShipmentDelayed Delayed(TimeSpan delay) => new(Id, Company, "WW-2027-000001", T0.AddDays(30), T0.AddDays(30) + delay, delay, T0);

    [Fact]
    public void Nothing_exists_before_the_creation_and_the_creation_gives_lane_and_expected_eta_but_no_plan_yet()
    {
        Assert.Null(Fold(Booked()));
        var row = Fold(Created(Sea, Feeder))!;
        Assert.Equal((Company, "draft", "CNSHA", "RULED", T0.AddDays(30)), (row.CompanyId, row.Status, row.Origin, row.Destination, row.ExpectedEta));
        Assert.Null(row.PlannedEta);
        Assert.False(row.Delayed);
    }

    [Fact]
    public void The_planned_eta_is_fixed_at_booking_while_the_expected_one_follows_the_last_legs_updates_and_revisions()
    {
        var row = Fold(
            Created(Sea, Feeder),
            Booked(),
            new LegUpdated(Id, Feeder with { Eta = T0.AddDays(32) }, User, T0),
            Revised(Sea, T0.AddDays(12)), // not the last leg: the arrival at the destination is what the dashboard expects
            Revised(Feeder, T0.AddDays(35)))!;

        Assert.Equal((T0.AddDays(30), T0.AddDays(35)), (row.PlannedEta, row.ExpectedEta));
    }

    [Fact]
    public void Origin_and_destination_follow_legs_added_and_removed()
    {
        var row = Fold(Created(Sea), new LegAdded(Id, Feeder, User, T0))!;
        Assert.Equal(("CNSHA", "RULED", T0.AddDays(30)), (row.Origin, row.Destination, row.ExpectedEta));
        row = ShipmentDashboardRow.When(row, new LegRemoved(Id, Sea.Id, User, T0))!;
        Assert.Equal(("SGSIN", "RULED"), (row.Origin, row.Destination));
    }

    [Fact]
    public void Departure_is_the_first_departed_milestone_and_arrival_only_the_one_at_the_final_destination()
    {
        var row = Fold(
            Created(Sea, Feeder),
            Booked(),
            Milestone(MilestoneKinds.Departed, T0.AddDays(1), Sea.Id, "in_transit"),
            Milestone(MilestoneKinds.Arrived, T0.AddDays(9), Sea.Id, "in_transit"),
            Milestone(MilestoneKinds.Departed, T0.AddDays(12), Feeder.Id, "in_transit"))!;
        Assert.Equal((T0.AddDays(1), (DateTimeOffset?)null, "in_transit"), (row.DepartedAt, row.ArrivedAt, row.Status));

        row = ShipmentDashboardRow.When(row, Milestone(MilestoneKinds.Arrived, T0.AddDays(29), Feeder.Id, "arrived"))!;
        row = ShipmentDashboardRow.When(row, Milestone(MilestoneKinds.Delivered, T0.AddDays(31), null, "delivered"))!;
        Assert.Equal((T0.AddDays(1), T0.AddDays(29), "delivered"), (row.DepartedAt, row.ArrivedAt, row.Status));
    }

    [Fact]
    public void A_delay_stays_until_a_later_report_changes_its_figure_and_a_report_of_none_clears_it()
    {
        var row = Fold(Created(Sea, Feeder), Booked(), Delayed(TimeSpan.FromHours(50)))!;
        Assert.Equal((true, TimeSpan.FromHours(50)), (row.Delayed, row.Delay));

        // The ETA coming back does not clear the flag; only the tracking that raised it speaks about it.
        row = ShipmentDashboardRow.When(row, Revised(Feeder, T0.AddDays(30)))!;
        row = ShipmentDashboardRow.When(row, Milestone(MilestoneKinds.Departed, T0.AddDays(1), Sea.Id, "in_transit"))!;
        Assert.Equal((true, TimeSpan.FromHours(50)), (row.Delayed, row.Delay));

        row = ShipmentDashboardRow.When(row, Delayed(TimeSpan.FromHours(80)))!;
        Assert.Equal((true, TimeSpan.FromHours(80)), (row.Delayed, row.Delay));
        row = ShipmentDashboardRow.When(row, Delayed(TimeSpan.Zero))!;
        Assert.False(row.Delayed);
    }

    [Fact]
    public void A_cancellation_is_a_status_and_events_the_dashboard_ignores_leave_the_row_as_it_was()
    {
        var booked = Fold(Created(Sea), Booked())!;
        Assert.Same(booked, ShipmentDashboardRow.When(booked, new NoteAdded(Id, new ShipmentNote(Guid.NewGuid(), "Hello", User, T0))));
        Assert.Equal("cancelled", ShipmentDashboardRow.When(booked, new ShipmentCancelled(Id, Company, "No goods", User, T0))!.Status);
    }
}
