using System.Collections.Immutable;
using WellWon.Logistics.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.ReadModel;

/// <summary>A leg as the dashboard follows it: where it runs and when it is expected to arrive now.</summary>
public sealed record DashboardLeg(Guid Id, string From, string To, DateTimeOffset? Eta);

/// <summary>
/// One shipment as the dashboard counts it, folded from the shipment's events by <see cref="When"/> alone (never from the
/// aggregate's state, whose shape is its own): planned ETA is the last leg's ETA when booked, expected ETA the last leg's ETA
/// now, departure the first departed milestone, arrival the arrival at the final destination, and the delay the figure of the
/// latest <see cref="ShipmentDelayed"/> (nothing else clears or changes it).
/// </summary>
public sealed record ShipmentDashboardRow
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public string Reference { get; init; } = string.Empty;

    public string Status { get; init; } = ShipmentStatuses.Draft;

    public string Mode { get; init; } = string.Empty;

    public ImmutableList<DashboardLeg> Legs { get; init; } = [];

    public DateTimeOffset? PlannedEta { get; init; }

    public DateTimeOffset? DepartedAt { get; init; }

    public DateTimeOffset? ArrivedAt { get; init; }

    public TimeSpan? Delay { get; init; }

    /// <summary>The stream version of the last event folded in.</summary>
    public long Version { get; init; } = -1;

    public string? Origin => Legs.IsEmpty ? null : Legs[0].From;

    public string? Destination => Legs.IsEmpty ? null : Legs[^1].To;

    public DateTimeOffset? ExpectedEta => Legs.IsEmpty ? null : Legs[^1].Eta;

    /// <summary>A delay reported and not since reported gone (a later report of zero or less).</summary>
    public bool Delayed => Delay > TimeSpan.Zero;

    /// <summary>
    /// The row after <paramref name="e"/>; null while the shipment does not exist (only its creation makes it). Events the
    /// dashboard does not follow return the row as it was.
    /// </summary>
    public static ShipmentDashboardRow? When(ShipmentDashboardRow? row, IDomainEvent e) => (row, e) switch
    {
        (_, ShipmentCreated c) => new ShipmentDashboardRow
        {
            Id = c.ShipmentId,
            CompanyId = c.CompanyId,
            Reference = c.Reference,
            Mode = c.Mode,
            Legs = [.. c.Legs.Select(Follow)],
        },
        (null, _) => null,
        (_, ShipmentBooked) => row with { Status = ShipmentStatuses.Booked, PlannedEta = row.ExpectedEta },
        (_, LegAdded a) => row with { Legs = row.Legs.Add(Follow(a.Leg)) },
        (_, LegUpdated u) => row with { Legs = row.Legs.Select(l => l.Id == u.Leg.Id ? Follow(u.Leg) : l).ToImmutableList() },
        (_, LegRemoved r) => row with { Legs = row.Legs.RemoveAll(l => l.Id == r.LegId) },
        (_, LegEtaRevised r) => row with { Legs = row.Legs.Select(l => l.Id == r.LegId ? l with { Eta = r.NewEta } : l).ToImmutableList() },
        (_, MilestoneRecorded m) => Milestone(row, m),
        (_, ShipmentCancelled) => row with { Status = ShipmentStatuses.Cancelled },
        (_, ShipmentDelayed d) => row with { Delay = d.Delay },
        _ => row,
    };

    private static ShipmentDashboardRow Milestone(ShipmentDashboardRow row, MilestoneRecorded m)
    {
        var arrivedAtEnd = m.Milestone.Kind == MilestoneKinds.Arrived && (m.Milestone.LegId == row.Legs.LastOrDefault()?.Id || m.Status == ShipmentStatuses.Arrived);
        // A status at or past "arrived" means the goods reached the destination, whichever milestone said so first.
        var arrived = arrivedAtEnd || ShipmentStatuses.Rank(m.Status) >= ShipmentStatuses.Rank(ShipmentStatuses.Arrived);
        return row with
        {
            Status = m.Status,
            DepartedAt = row.DepartedAt ?? (m.Milestone.Kind == MilestoneKinds.Departed ? m.Milestone.At : null),
            ArrivedAt = row.ArrivedAt ?? (arrived ? m.Milestone.At : null),
        };
    }

    private static DashboardLeg Follow(RouteLeg leg) => new(leg.Id, leg.From, leg.To, leg.Eta);
}
