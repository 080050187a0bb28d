using System.Collections.Immutable;
using WellWon.Logistics.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.Domain;

public sealed record ShipmentState : AggregateState<ShipmentState>
{
    private static readonly ShipmentHeader NoHeader = new(null, null, null, null, null, null);

    /// <summary>False for a stream holding only a tombstone (<see cref="ShipmentCreationAbandoned"/>) or nothing: no such shipment.</summary>
    public bool Exists { get; init; }

    public Guid CompanyId { get; init; }

    public string Reference { get; init; } = string.Empty;

    public string Mode { get; init; } = string.Empty;

    public ShipmentHeader Header { get; init; } = NoHeader;

    public string Status { get; init; } = ShipmentStatuses.Draft;

    public ImmutableList<CargoLine> Cargo { get; init; } = [];

    public ImmutableList<Container> Containers { get; init; } = [];

    public ImmutableList<RouteLeg> Legs { get; init; } = [];

    public ImmutableList<Milestone> Milestones { get; init; } = [];

    public ImmutableList<ShipmentDocument> Documents { get; init; } = [];

    public ImmutableList<ShipmentNote> Notes { get; init; } = [];

    public string? CancelReason { get; init; }

    /// <summary>The last leg's ETA when the shipment was booked: what a delay is measured against.</summary>
    public DateTimeOffset? PlannedEta { get; init; }

    /// <summary>Every ETA revision recorded, oldest first (their reporters' ids make repeats harmless).</summary>
    public ImmutableList<EtaRevision> EtaRevisions { get; init; } = [];

    /// <summary>The slip past <see cref="PlannedEta"/> of the last <see cref="ShipmentDelayed"/>; null while not delayed.</summary>
    public TimeSpan? Delay { get; init; }

    public bool Delayed => Delay is not null;

    public Guid CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public ShipmentState()
    {
        On<ShipmentCreated>((s, e) => s with
        {
            Exists = true,
            CompanyId = e.CompanyId,
            Reference = e.Reference,
            Mode = e.Mode,
            Header = e.Header,
            Cargo = [.. e.Cargo],
            Containers = [.. e.Containers],
            Legs = [.. e.Legs],
            CreatedBy = e.CreatedBy,
            CreatedAt = e.CreatedAt,
            UpdatedAt = e.CreatedAt,
        });
        On<ShipmentHeaderUpdated>((s, e) => s with { Header = e.Header, UpdatedAt = e.UpdatedAt });
        On<ShipmentBooked>((s, e) => s with
        {
            Status = ShipmentStatuses.Booked,
            PlannedEta = s.Legs.LastOrDefault()?.Eta,
            Milestones = s.Milestones.Add(new Milestone(e.MilestoneId, MilestoneKinds.Booked, e.BookedAt, null, null, null, MilestoneSource.User(e.BookedBy), null)),
            UpdatedAt = e.BookedAt,
        });
        On<CargoLineAdded>((s, e) => s with { Cargo = s.Cargo.Add(e.Line), UpdatedAt = e.At });
        On<CargoLineUpdated>((s, e) => s with { Cargo = s.Cargo.Select(l => l.Id == e.Line.Id ? e.Line : l).ToImmutableList(), UpdatedAt = e.At });
        On<CargoLineRemoved>((s, e) => s with { Cargo = s.Cargo.RemoveAll(l => l.Id == e.LineId), UpdatedAt = e.At });
        On<ContainerAdded>((s, e) => s with { Containers = s.Containers.Add(e.Container), UpdatedAt = e.At });
        On<ContainerUpdated>((s, e) => s with
        {
            Containers = s.Containers.Select(c => c.Number == e.Container.Number ? e.Container : c).ToImmutableList(),
            UpdatedAt = e.At,
        });
        On<ContainerRemoved>((s, e) => s with { Containers = s.Containers.RemoveAll(c => c.Number == e.Number), UpdatedAt = e.At });
        On<LegAdded>((s, e) => s with { Legs = s.Legs.Add(e.Leg), UpdatedAt = e.At });
        On<LegUpdated>((s, e) => s with { Legs = s.Legs.Select(l => l.Id == e.Leg.Id ? e.Leg : l).ToImmutableList(), UpdatedAt = e.At });
        On<LegRemoved>((s, e) => s with { Legs = s.Legs.RemoveAll(l => l.Id == e.LegId), UpdatedAt = e.At });
        On<MilestoneRecorded>((s, e) => s with
        {
            Milestones = s.Milestones.Add(e.Milestone),
            Status = e.Status,
            Legs = s.Legs.Select(l => l.Id != e.Milestone.LegId ? l
                : e.Milestone.Kind == MilestoneKinds.Departed ? l with { Atd = e.Milestone.At }
                : e.Milestone.Kind == MilestoneKinds.Arrived ? l with { Ata = e.Milestone.At }
                : l).ToImmutableList(),
            UpdatedAt = e.RecordedAt,
        });
        On<ShipmentCancelled>((s, e) => s with { Status = ShipmentStatuses.Cancelled, CancelReason = e.Reason, UpdatedAt = e.CancelledAt });
        On<NoteAdded>((s, e) => s with { Notes = s.Notes.Add(e.Note), UpdatedAt = e.Note.At });
        On<DocumentAttached>((s, e) => s with
        {
            Documents = s.Documents.RemoveAll(d => d.DocumentId == e.Document.DocumentId).Add(e.Document),
            UpdatedAt = e.Document.AttachedAt,
        });
        On<DocumentDetached>((s, e) => s with { Documents = s.Documents.RemoveAll(d => d.DocumentId == e.DocumentId), UpdatedAt = e.At });
        On<LegEtaRevised>((s, e) => s with
        {
            Legs = s.Legs.Select(l => l.Id == e.LegId ? l with { Eta = e.NewEta } : l).ToImmutableList(),
            EtaRevisions = s.EtaRevisions.Add(new EtaRevision(e.LegId, e.PreviousEta, e.NewEta, e.Source, e.CarrierEventId, e.RevisedAt)),
            UpdatedAt = e.RevisedAt > s.UpdatedAt ? e.RevisedAt : s.UpdatedAt,
        });
        On<ShipmentDelayed>((s, e) => s with { Delay = e.Delay, UpdatedAt = e.DetectedAt > s.UpdatedAt ? e.DetectedAt : s.UpdatedAt });
    }

    public int IndexOfLeg(Guid legId) => Legs.FindIndex(l => l.Id == legId);
}

/// <summary>One recorded change of a leg's ETA: from what to what, who said so (and their id of the update), and when it was made.</summary>
public sealed record EtaRevision(Guid LegId, DateTimeOffset? PreviousEta, DateTimeOffset NewEta, MilestoneSource Source, string? CarrierEventId, DateTimeOffset RevisedAt);

/// <summary>What <see cref="Shipment.ReviseLegEta"/> did: revised (and maybe raised a delay), or found nothing to change.</summary>
public enum EtaRevisionOutcome
{
    Revised,
    RevisedAndDelayed,

    /// <summary>The same reporter's update id was recorded before.</summary>
    Duplicate,

    /// <summary>The ETA is already that one.</summary>
    Unchanged,

    /// <summary>An estimate made before the leg's latest recorded one arrived late: it never replaces a newer one.</summary>
    Stale,
}

/// <summary>What <see cref="Shipment.RecordMilestone"/> did: recorded the milestone, or found the same report already recorded.</summary>
public sealed record MilestoneOutcome(Guid MilestoneId, bool Duplicate, string Status);

/// <summary>
/// A shipment of one company: who ships to whom on which terms, the cargo, containers and route, and what happened on the way.
/// Its rules: data of the right shape and consistent (net within gross, ETA after ETD, legs chained, real container numbers,
/// Incoterms for the mode); a status that only moves forward (draft → booked → in transit → arrived → cleared → delivered, or
/// cancelled before departure); route, containers and cargo fixed once it has departed; nothing but notes once it is closed.
/// Who may do what is checked before it is asked (the company's participants, through <c>ICompanyAccess</c>).
/// </summary>
[StreamCategory("logistics-shipment")]
public sealed class Shipment : Aggregate<ShipmentState>
{
    /// <summary>How far ahead of WellWon's clock a reported milestone may lie (a carrier's clock, a user's watch).</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(5);

    public bool Exists => State.Exists;

    /// <summary>Refuses a draft that breaks a rule, naming the field from the shipment (<c>cargo[0].netWeightKg</c>).</summary>
    public static ShipmentDraft Check(ShipmentDraft draft)
    {
        var resolved = draft with { Legs = [.. draft.Legs.Select(l => ShipmentRules.WithInheritedMode(l, draft.Mode) with { Atd = null, Ata = null })] };
        if (ShipmentRules.CheckDraft(resolved).FirstOrDefault() is { } broken)
        {
            throw new ShipmentRuleException(broken);
        }

        return resolved;
    }

    public static Shipment Create(Guid id, Guid companyId, string reference, ShipmentDraft draft, Guid by, DateTimeOffset now)
    {
        var checkedDraft = Check(draft);
        var shipment = new Shipment { Id = id };
        shipment.Apply(new ShipmentCreated(
            id, companyId, reference, checkedDraft.Mode, checkedDraft.Header, checkedDraft.Cargo, checkedDraft.Containers, checkedDraft.Legs, by, now));
        return shipment;
    }

    /// <summary>The tombstone of a shipment that was never created, so that its reserved reference can be handed out again.</summary>
    public static Shipment Abandon(Guid id, Guid companyId, string reference, DateTimeOffset now)
    {
        var shipment = new Shipment { Id = id };
        shipment.Apply(new ShipmentCreationAbandoned(id, companyId, reference, now));
        return shipment;
    }

    public void UpdateHeader(ShipmentHeader header, Guid by, DateTimeOffset now)
    {
        EnsureOpen();
        if (ShipmentRules.CheckHeader(header, State.Mode).FirstOrDefault() is { } broken)
        {
            throw new ShipmentRuleException(broken);
        }

        if (header != State.Header)
        {
            Apply(new ShipmentHeaderUpdated(Id, header, by, now));
        }
    }

    /// <summary>The draft becomes a booking; it needs a route and cargo.</summary>
    public void Book(Guid milestoneId, Guid by, DateTimeOffset now)
    {
        EnsureOpen();
        if (State.Status != ShipmentStatuses.Draft)
        {
            throw new DomainException(ShipmentErrors.NotDraft, $"The shipment is {State.Status}; only a draft is booked.");
        }

        if (State.Legs.IsEmpty || State.Cargo.IsEmpty)
        {
            throw new DomainException(ShipmentErrors.BookingIncomplete, "A booking needs at least one leg and one cargo line.");
        }

        Apply(new ShipmentBooked(Id, State.CompanyId, State.Reference, milestoneId, by, now));
    }

    public void AddCargoLine(CargoLine line, Guid by, DateTimeOffset now)
    {
        EnsureBeforeDeparture();
        CheckItem(ShipmentRules.CheckCargoLine(line), "cargo", State.Cargo.Count);
        if (State.Cargo.Any(l => l.Id == line.Id))
        {
            throw new ShipmentRuleException(new("id", ShipmentErrors.IdDuplicate, $"Cargo line {line.Id} is already in this shipment."), "cargo", State.Cargo.Count);
        }

        Apply(new CargoLineAdded(Id, line, by, now));
    }

    public void UpdateCargoLine(CargoLine line, Guid by, DateTimeOffset now)
    {
        EnsureBeforeDeparture();
        var index = State.Cargo.FindIndex(l => l.Id == line.Id);
        if (index < 0)
        {
            throw CargoLineNotFound(line.Id);
        }

        CheckItem(ShipmentRules.CheckCargoLine(line), "cargo", index);
        if (line != State.Cargo[index])
        {
            Apply(new CargoLineUpdated(Id, line, by, now));
        }
    }

    public void RemoveCargoLine(Guid lineId, Guid by, DateTimeOffset now)
    {
        EnsureBeforeDeparture();
        if (!State.Cargo.Any(l => l.Id == lineId))
        {
            throw CargoLineNotFound(lineId);
        }

        EnsureBookingKeeps(State.Cargo.Count, "cargo line");
        Apply(new CargoLineRemoved(Id, lineId, by, now));
    }

    public void AddContainer(Container container, Guid by, DateTimeOffset now)
    {
        EnsureBeforeDeparture();
        CheckItem(ShipmentRules.CheckContainer(container), "containers", State.Containers.Count);
        if (State.Containers.Any(c => c.Number == container.Number))
        {
            throw new ShipmentRuleException(ShipmentRules.Duplicate(container.Number), "containers", State.Containers.Count);
        }

        Apply(new ContainerAdded(Id, container, by, now));
    }

    /// <summary>Changes a container's type and seals (its number is what names it).</summary>
    public void UpdateContainer(Container container, Guid by, DateTimeOffset now)
    {
        EnsureBeforeDeparture();
        var index = State.Containers.FindIndex(c => c.Number == container.Number);
        if (index < 0)
        {
            throw ContainerNotFound(container.Number);
        }

        CheckItem(ShipmentRules.CheckContainer(container), "containers", index);
        var current = State.Containers[index];
        if (current.Type != container.Type || !current.Seals.SequenceEqual(container.Seals))
        {
            Apply(new ContainerUpdated(Id, container, by, now));
        }
    }

    public void RemoveContainer(string number, Guid by, DateTimeOffset now)
    {
        EnsureBeforeDeparture();
        if (!State.Containers.Any(c => c.Number == number))
        {
            throw ContainerNotFound(number);
        }

        Apply(new ContainerRemoved(Id, number, by, now));
    }

    /// <summary>A leg at the end of the route: it starts where the last one ends.</summary>
    public void AddLeg(RouteLeg leg, Guid by, DateTimeOffset now)
    {
        EnsureBeforeDeparture();
        leg = ShipmentRules.WithInheritedMode(leg, State.Mode) with { Atd = null, Ata = null };
        var index = State.Legs.Count;
        CheckItem(ShipmentRules.CheckLeg(leg, modeMayBeInherited: false), "legs", index);
        if (State.Legs.Any(l => l.Id == leg.Id))
        {
            throw new ShipmentRuleException(new("id", ShipmentErrors.IdDuplicate, $"Leg {leg.Id} is already in this shipment."), "legs", index);
        }

        if (index > 0 && State.Legs[index - 1].To != leg.From)
        {
            throw new ShipmentRuleException(ShipmentRules.ChainBroken(index, leg.From, State.Legs[index - 1].To), "legs", index);
        }

        Apply(new LegAdded(Id, leg, by, now));
    }

    /// <summary>Changes a leg's plan; its ends may move only as far as the chain allows (the leg before ends, the leg after starts, there).</summary>
    public void UpdateLeg(RouteLeg leg, Guid by, DateTimeOffset now)
    {
        EnsureBeforeDeparture();
        var index = State.IndexOfLeg(leg.Id);
        if (index < 0)
        {
            throw LegNotFound(leg.Id);
        }

        leg = ShipmentRules.WithInheritedMode(leg, State.Mode) with { Atd = null, Ata = null };
        CheckItem(ShipmentRules.CheckLeg(leg, modeMayBeInherited: false), "legs", index);
        if (index > 0 && State.Legs[index - 1].To != leg.From)
        {
            throw new ShipmentRuleException(ShipmentRules.ChainBroken(index, leg.From, State.Legs[index - 1].To), "legs", index);
        }

        if (index < State.Legs.Count - 1 && State.Legs[index + 1].From != leg.To)
        {
            var next = State.Legs[index + 1];
            throw new ShipmentRuleException(
                new("to", ShipmentErrors.LegsNotChained, $"Leg {index + 2} starts at {next.From}, so leg {index + 1} ends there, not at {leg.To}."),
                "legs",
                index);
        }

        if (leg != State.Legs[index])
        {
            Apply(new LegUpdated(Id, leg, by, now));
        }
    }

    /// <summary>Removes the first or the last leg (or a middle one whose neighbours meet without it).</summary>
    public void RemoveLeg(Guid legId, Guid by, DateTimeOffset now)
    {
        EnsureBeforeDeparture();
        var index = State.IndexOfLeg(legId);
        if (index < 0)
        {
            throw LegNotFound(legId);
        }

        if (index > 0 && index < State.Legs.Count - 1 && State.Legs[index - 1].To != State.Legs[index + 1].From)
        {
            throw new DomainException(ShipmentErrors.LegsNotChained,
                $"Without leg {index + 1}, leg {index} would end at {State.Legs[index - 1].To} and leg {index + 2} start at {State.Legs[index + 1].From}.");
        }

        EnsureBookingKeeps(State.Legs.Count, "leg");
        Apply(new LegRemoved(Id, legId, by, now));
    }

    /// <summary>
    /// Records what happened, moving the status forward where the milestone says so: picked up or departed → in transit, arrived at
    /// the end of the last leg → arrived, customs cleared → cleared, delivered → delivered. Departures and arrivals belong to a leg
    /// (the one named, else the next one to depart or to arrive) and set its ATD or ATA. The same reporter's event id is recorded
    /// once: a repeat is answered with the first recording, even after the shipment closed.
    /// </summary>
    public MilestoneOutcome RecordMilestone(Milestone milestone, DateTimeOffset now)
    {
        if (milestone.CarrierEventId is { } eventId
            && State.Milestones.FirstOrDefault(m => m.CarrierEventId == eventId && m.Source.Carrier == milestone.Source.Carrier) is { } recorded)
        {
            return new MilestoneOutcome(recorded.Id, Duplicate: true, State.Status);
        }

        if (!MilestoneKinds.All.Contains(milestone.Kind) || milestone.Kind == MilestoneKinds.Booked)
        {
            throw new ShipmentRuleException(new("kind", ShipmentErrors.MilestoneKindInvalid,
                $"A milestone is one of {string.Join(", ", MilestoneKinds.All.Where(k => k != MilestoneKinds.Booked).Order())}; a shipment is booked by booking it."));
        }

        EnsureOpen();
        if (milestone.At > now + ClockTolerance)
        {
            throw new ShipmentRuleException(new("at", ShipmentErrors.MilestoneInFuture, "A milestone reports what has happened; its time is not in the future."));
        }

        if (milestone.Location is { } location && UnLocode.Check(location, "location") is { } badLocation)
        {
            throw new ShipmentRuleException(badLocation);
        }

        if (milestone.Kind == MilestoneKinds.Exception ? milestone.Reason is not { Length: > 0 and <= ShipmentRules.ReasonMaxLength } : milestone.Reason is { Length: > ShipmentRules.ReasonMaxLength })
        {
            throw new ShipmentRuleException(new("reason", ShipmentErrors.ReasonRequired, $"An exception says what went wrong in 1 to {ShipmentRules.ReasonMaxLength} characters."));
        }

        if (milestone.LegId is { } named && State.IndexOfLeg(named) < 0)
        {
            throw LegNotFound(named);
        }

        var (needs, target, leg) = milestone.Kind switch
        {
            MilestoneKinds.CargoReady or MilestoneKinds.Exception => (ShipmentStatuses.Draft, State.Status, milestone.LegId),
            MilestoneKinds.PickedUp => (ShipmentStatuses.Booked, ShipmentStatuses.InTransit, milestone.LegId),
            MilestoneKinds.Departed => (ShipmentStatuses.Booked, ShipmentStatuses.InTransit, LegToDepart(milestone)),
            MilestoneKinds.Transshipped => (ShipmentStatuses.InTransit, State.Status, milestone.LegId),
            MilestoneKinds.Arrived => ArrivalOf(milestone),
            MilestoneKinds.CustomsCleared => (ShipmentStatuses.Arrived, ShipmentStatuses.Cleared, milestone.LegId),
            MilestoneKinds.OutForDelivery => (ShipmentStatuses.Arrived, State.Status, milestone.LegId),
            _ => (ShipmentStatuses.Arrived, ShipmentStatuses.Delivered, milestone.LegId), // delivered
        };
        if (ShipmentStatuses.Rank(State.Status) < ShipmentStatuses.Rank(needs))
        {
            throw new DomainException(ShipmentErrors.MilestoneOutOfOrder,
                $"A shipment that is {State.Status} cannot be reported {milestone.Kind.Replace('_', ' ')}; it must be {needs.Replace('_', ' ')} first.");
        }

        var status = ShipmentStatuses.Rank(target) > ShipmentStatuses.Rank(State.Status) ? target : State.Status;
        var stored = milestone with { LegId = leg };
        Apply(new MilestoneRecorded(Id, stored, status, now));
        return new MilestoneOutcome(stored.Id, Duplicate: false, status);
    }

    /// <summary>
    /// A leg's estimated arrival changes (a carrier's feed or a user). The same reporter's update id is recorded once; an ETA equal
    /// to the current one, or an estimate made before the leg's latest recorded one, changes nothing; a leg that has arrived takes
    /// no more estimates. When the last leg's ETA now lies more than <paramref name="delayThreshold"/> past the ETA planned at
    /// booking, the shipment is delayed — again only when the slip has grown by another threshold since, and never once it arrived.
    /// </summary>
    /// <param name="madeAt">When the estimate was made (a carrier's event time; now for a user).</param>
    public EtaRevisionOutcome ReviseLegEta(Guid legId, DateTimeOffset newEta, MilestoneSource source, string? carrierEventId, DateTimeOffset madeAt, TimeSpan delayThreshold, DateTimeOffset now)
    {
        if (carrierEventId is not null && State.EtaRevisions.Any(r => r.CarrierEventId == carrierEventId && r.Source.Carrier == source.Carrier))
        {
            return EtaRevisionOutcome.Duplicate;
        }

        EnsureOpen();
        var index = State.IndexOfLeg(legId);
        if (index < 0)
        {
            throw LegNotFound(legId);
        }

        if (madeAt > now + ClockTolerance)
        {
            throw new ShipmentRuleException(new("at", ShipmentErrors.MilestoneInFuture, "An estimate is made now or earlier; its time is not in the future."));
        }

        var leg = State.Legs[index];
        if (leg.Ata is not null)
        {
            throw new DomainException(ShipmentErrors.LegAlreadyArrived, $"Leg {index + 1} has already arrived; its ETA no longer changes.");
        }

        if (leg.Etd is { } etd && newEta < etd && leg.Atd is null)
        {
            throw new ShipmentRuleException(new("eta", ShipmentErrors.EtaBeforeEtd, $"Leg {index + 1} departs at {etd:u}; it cannot arrive before that."));
        }

        if (State.EtaRevisions.LastOrDefault(r => r.LegId == legId) is { } latest && madeAt < latest.RevisedAt)
        {
            return EtaRevisionOutcome.Stale;
        }

        if (leg.Eta == newEta)
        {
            return EtaRevisionOutcome.Unchanged;
        }

        Apply(new LegEtaRevised(Id, legId, leg.Eta, newEta, source, carrierEventId, madeAt));
        return index == State.Legs.Count - 1 && DelayIfSlipped(newEta, delayThreshold, now)
            ? EtaRevisionOutcome.RevisedAndDelayed
            : EtaRevisionOutcome.Revised;
    }

    // The final leg's ETA against the plan: a first slip beyond the threshold, or one grown by another threshold since the last.
    private bool DelayIfSlipped(DateTimeOffset expected, TimeSpan threshold, DateTimeOffset now)
    {
        if (State.PlannedEta is not { } planned || ShipmentStatuses.Rank(State.Status) >= ShipmentStatuses.Rank(ShipmentStatuses.Arrived))
        {
            return false;
        }

        var slip = expected - planned;
        var due = State.Delay is { } raised ? slip - raised >= threshold : slip > threshold;
        if (!due)
        {
            return false;
        }

        Apply(new ShipmentDelayed(Id, State.CompanyId, State.Reference, planned, expected, slip, now));
        return true;
    }

    /// <summary>Cancels a shipment that has not departed yet.</summary>
    public void Cancel(string reason, Guid by, DateTimeOffset now)
    {
        EnsureOpen();
        if (!ShipmentStatuses.IsBeforeDeparture(State.Status))
        {
            throw new DomainException(ShipmentErrors.CancelAfterDeparture, $"The shipment is {State.Status.Replace('_', ' ')}; only a shipment that has not departed is cancelled.");
        }

        if (reason is not { Length: > 0 and <= ShipmentRules.ReasonMaxLength })
        {
            throw new ShipmentRuleException(new("reason", ShipmentErrors.ReasonRequired, $"A cancellation gives its reason in 1 to {ShipmentRules.ReasonMaxLength} characters."));
        }

        Apply(new ShipmentCancelled(Id, State.CompanyId, reason, by, now));
    }

    /// <summary>A note, whatever the status: closed shipments take notes too.</summary>
    public void AddNote(Guid noteId, string text, Guid by, DateTimeOffset now)
    {
        if (text is not { Length: > 0 and <= ShipmentRules.NoteMaxLength })
        {
            throw new ShipmentRuleException(new("text", ShipmentErrors.TextInvalid, $"A note has 1 to {ShipmentRules.NoteMaxLength} characters."));
        }

        Apply(new NoteAdded(Id, new ShipmentNote(noteId, text, by, now)));
    }

    /// <summary>Refers to a document of the Documents context; attaching it again with another type changes its type.</summary>
    public void AttachDocument(Guid documentId, string type, Guid by, DateTimeOffset now)
    {
        EnsureOpen();
        if (!ShipmentDocumentTypes.All.Contains(type))
        {
            throw new ShipmentRuleException(new("type", ShipmentErrors.DocumentTypeInvalid, $"A document type is one of {string.Join(", ", ShipmentDocumentTypes.All.Order())}."));
        }

        if (State.Documents.Any(d => d.DocumentId == documentId && d.Type == type))
        {
            return;
        }

        Apply(new DocumentAttached(Id, new ShipmentDocument(documentId, type, by, now)));
    }

    public void DetachDocument(Guid documentId, Guid by, DateTimeOffset now)
    {
        EnsureOpen();
        if (!State.Documents.Any(d => d.DocumentId == documentId))
        {
            throw new NotFoundException(ShipmentErrors.DocumentNotFound, $"Document {documentId} is not attached to this shipment.");
        }

        Apply(new DocumentDetached(Id, documentId, by, now));
    }

    // Departed: the leg named, else the first leg that has not departed.
    private Guid? LegToDepart(Milestone milestone)
    {
        if (milestone.LegId is { } named)
        {
            return State.Legs[State.IndexOfLeg(named)].Atd is null
                ? named
                : throw new DomainException(ShipmentErrors.LegAlreadyDeparted, $"Leg {State.IndexOfLeg(named) + 1} has already departed.");
        }

        return State.Legs.FirstOrDefault(l => l.Atd is null)?.Id
            ?? throw new DomainException(ShipmentErrors.NoLegToReport, "Every leg has departed already; name the leg this departure belongs to.");
    }

    // Arrived: the leg named, else the first leg under way; arriving at the end of the last leg is the shipment's arrival.
    private (string Needs, string Target, Guid? Leg) ArrivalOf(Milestone milestone)
    {
        var index = milestone.LegId is { } named
            ? State.IndexOfLeg(named)
            : State.Legs.FindIndex(l => l.Atd is not null && l.Ata is null);
        if (index < 0)
        {
            throw new DomainException(ShipmentErrors.NoLegToReport, "No leg is under way; report its departure first, or name the leg.");
        }

        var leg = State.Legs[index];
        if (leg.Atd is not { } atd)
        {
            throw new DomainException(ShipmentErrors.LegNotDeparted, $"Leg {index + 1} has not departed; its arrival comes after its departure.");
        }

        if (leg.Ata is not null)
        {
            throw new DomainException(ShipmentErrors.LegAlreadyArrived, $"Leg {index + 1} has already arrived.");
        }

        if (milestone.At < atd)
        {
            throw new ShipmentRuleException(new("at", ShipmentErrors.AtaBeforeAtd, $"Leg {index + 1} departed at {atd:u}; it cannot arrive before that."));
        }

        var last = index == State.Legs.Count - 1;
        return (ShipmentStatuses.InTransit, last ? ShipmentStatuses.Arrived : ShipmentStatuses.InTransit, leg.Id);
    }

    private void EnsureOpen()
    {
        if (ShipmentStatuses.IsClosed(State.Status))
        {
            throw new DomainException(ShipmentErrors.Closed, $"The shipment is {State.Status}; it takes nothing but notes.");
        }
    }

    private void EnsureBeforeDeparture()
    {
        EnsureOpen();
        if (!ShipmentStatuses.IsBeforeDeparture(State.Status))
        {
            throw new DomainException(ShipmentErrors.Departed, "The shipment has departed; its route, containers and cargo no longer change.");
        }
    }

    // A booking keeps at least one leg and one cargo line, as it needed them to be made.
    private void EnsureBookingKeeps(int count, string what)
    {
        if (State.Status != ShipmentStatuses.Draft && count == 1)
        {
            throw new DomainException(ShipmentErrors.BookingIncomplete, $"A booked shipment keeps at least one {what}.");
        }
    }

    private static void CheckItem(IEnumerable<RuleViolation> violations, string collection, int index)
    {
        if (violations.FirstOrDefault() is { } broken)
        {
            throw new ShipmentRuleException(broken, collection, index);
        }
    }

    private static NotFoundException CargoLineNotFound(Guid lineId) => new(ShipmentErrors.CargoLineNotFound, $"Cargo line {lineId} is not in this shipment.");

    private static NotFoundException ContainerNotFound(string number) => new(ShipmentErrors.ContainerNotFound, $"Container {number} is not in this shipment.");

    private static NotFoundException LegNotFound(Guid legId) => new(ShipmentErrors.LegNotFound, $"Leg {legId} is not in this shipment.");
}
