using System.Globalization;
using System.Text.Json;
using WellWon.Logistics.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.ReadModel;

/// <summary>
/// One entry of a shipment's timeline: one event of its stream. <see cref="Change"/> names the event (<c>milestone-recorded</c>),
/// <see cref="Milestone"/> its kind for milestones; <see cref="OccurredAt"/> is when it happened as reported, <see cref="RecordedAt"/>
/// when WellWon stored it; <see cref="UserId"/> or <see cref="Carrier"/> who reported it; <see cref="Data"/> the event itself.
/// </summary>
public sealed record TimelineEntry(
    long Version,
    string Change,
    string? Milestone,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    Guid? UserId,
    string? Carrier,
    string Summary,
    JsonElement Data);

/// <param name="AsOf">Set when the timeline stops at a moment in the past.</param>
public sealed record ShipmentTimelineView(Guid ShipmentId, IReadOnlyList<TimelineEntry> Entries, DateTimeOffset? AsOf);

/// <summary>How an event of a shipment's stream reads in its timeline; the same for the read model and for a look into the past.</summary>
public static class ShipmentTimeline
{
    public static TimelineEntry? Entry(RecordedEvent recorded, IDomainEvent? e)
    {
        (DateTimeOffset Occurred, Guid? UserId, string? Carrier, string? Milestone, string? Summary) entry = e switch
        {
            ShipmentCreated c => (c.CreatedAt, c.CreatedBy, null, null,
                $"Created {c.Reference}: {c.Mode}, {Count(c.Legs.Count, "leg")}, {Count(c.Containers.Count, "container")}, {Count(c.Cargo.Count, "cargo line")}"),
            ShipmentHeaderUpdated h => (h.UpdatedAt, h.UpdatedBy, null, null, $"Header updated{(h.Header.Incoterm is { } rule ? $": {rule} {h.Header.IncotermPlace}".TrimEnd() : string.Empty)}"),
            ShipmentBooked b => (b.BookedAt, b.BookedBy, null, MilestoneKinds.Booked, $"Booked {b.Reference}"),
            CargoLineAdded a => (a.At, a.By, null, null, $"Cargo line added: {a.Line.Description}"),
            CargoLineUpdated u => (u.At, u.By, null, null, $"Cargo line changed: {u.Line.Description}"),
            CargoLineRemoved r => (r.At, r.By, null, null, "Cargo line removed"),
            ContainerAdded a => (a.At, a.By, null, null, $"Container {a.Container.Number} ({a.Container.Type}) added"),
            ContainerUpdated u => (u.At, u.By, null, null, $"Container {u.Container.Number} changed"),
            ContainerRemoved r => (r.At, r.By, null, null, $"Container {r.Number} removed"),
            LegAdded a => (a.At, a.By, null, null, $"Leg {a.Leg.From} → {a.Leg.To} added"),
            LegUpdated u => (u.At, u.By, null, null, $"Leg {u.Leg.From} → {u.Leg.To} changed"),
            LegRemoved r => (r.At, r.By, null, null, "Leg removed"),
            MilestoneRecorded m => (m.Milestone.At, m.Milestone.Source.UserId, m.Milestone.Source.Carrier, m.Milestone.Kind, Describe(m.Milestone)),
            ShipmentCancelled c => (c.CancelledAt, c.CancelledBy, null, null, $"Cancelled: {c.Reason}"),
            NoteAdded n => (n.Note.At, n.Note.AuthorId, null, null, $"Note: {Shorten(n.Note.Text)}"),
            DocumentAttached d => (d.Document.AttachedAt, d.Document.AttachedBy, null, null, $"Document attached ({d.Document.Type.Replace('_', ' ')})"),
            DocumentDetached d => (d.At, d.By, null, null, "Document detached"),
            LegEtaRevised r => (r.RevisedAt, r.Source.UserId, r.Source.Carrier, null, Describe(r)),
            ShipmentDelayed d => (d.DetectedAt, null, null, null,
                $"Delayed by {Duration(d.Delay)}: expected {d.ExpectedEta:yyyy-MM-dd HH:mm} UTC instead of {d.PlannedEta:yyyy-MM-dd HH:mm} UTC as booked"),
            _ => default,
        };
        if (entry.Summary is null)
        {
            return null;
        }

        return new TimelineEntry(
            recorded.StreamVersion, ChangeName(recorded.EventType), entry.Milestone, entry.Occurred, recorded.RecordedAt,
            entry.UserId ?? recorded.Metadata.UserId, entry.Carrier, entry.Summary, recorded.Data);
    }

    /// <summary>"logistics.milestone-recorded.v1" → "milestone-recorded".</summary>
    public static string ChangeName(string eventType)
    {
        var start = eventType.IndexOf('.', StringComparison.Ordinal) + 1;
        var end = eventType.LastIndexOf('.');
        return end > start ? eventType[start..end] : eventType;
    }

    private static string Describe(Milestone m)
    {
        var text = char.ToUpperInvariant(m.Kind[0]) + m.Kind[1..].Replace('_', ' ');
        if (m.Location is { } location)
        {
            text += $" at {location}";
        }

        if (m.Reason is { } reason)
        {
            text += $": {reason}";
        }

        return m.Source.Carrier is { } carrier ? $"{text} (reported by {carrier})" : text;
    }

    private static string Describe(LegEtaRevised r)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"ETA revised to {r.NewEta:yyyy-MM-dd HH:mm} UTC");
        if (r.PreviousEta is { } previous)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" (was {previous:yyyy-MM-dd HH:mm} UTC)");
        }

        return r.Source.Carrier is { } carrier ? $"{text}, reported by {carrier}" : text;
    }

    /// <summary>"2 d 4 h", "5 h 30 min": how people say a delay.</summary>
    public static string Duration(TimeSpan span)
    {
        var parts = new List<string>(3);
        if (span.Days > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Days} d"));
        }

        if (span.Hours > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Hours} h"));
        }

        if (span.Minutes > 0 || parts.Count == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Minutes} min"));
        }

        return string.Join(' ', parts);
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : string.Create(CultureInfo.InvariantCulture, $"{n} {what}s");

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..79] + "…";
}
