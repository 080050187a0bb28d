using System.Collections.Immutable;
using WellWon.Platform.Kernel;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.PurchaseOrders.Domain;

/// <summary>Who approved, in which role, and the rouble figure the limit was checked against.</summary>
public sealed record ApprovalRecord(Guid By, string Role, decimal RubEquivalent, decimal Rate, DateOnly RateDate, DateTimeOffset At);

/// <summary>
/// What an approval is decided on: the approver and role, the company's limit for managers, the central bank's rate of the day for
/// the PO's currency and the rate on the contract's date (for the registration threshold); both 1 for roubles.
/// </summary>
public sealed record ApprovalInput(Guid By, CompanyRole Role, decimal? ManagerLimitRub, decimal Rate, DateOnly RateDate, decimal ContractRate);

public sealed record PurchaseOrderState : AggregateState<PurchaseOrderState>
{
    public bool Exists { get; init; }

    public bool Abandoned { get; init; }

    public Guid CompanyId { get; init; }

    public string Number { get; init; } = string.Empty;

    public string Status { get; init; } = PurchaseOrderStatuses.Draft;

    public PurchaseOrderTerms? Terms { get; init; }

    public Guid CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public ApprovalRecord? Approval { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }

    public string? SupplierReference { get; init; }

    public string? CancelReason { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public ImmutableList<LineLink> Links { get; init; } = [];

    /// <summary>When goods of the PO first left (the balance against documents counts from that day).</summary>
    public DateTimeOffset? ShippedAt { get; init; }

    /// <summary>When the last of the goods arrived (the balance after arrival counts from that day).</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    public decimal Total => Terms?.Total ?? 0m;

    public decimal ShippedOf(int lineNo) => Links.Where(l => l.LineNo == lineNo).Sum(l => l.Shipped);

    public decimal ReceivedOf(int lineNo) => Links.Where(l => l.LineNo == lineNo).Sum(l => l.Received);

    public decimal LinkedOf(int lineNo) => Links.Where(l => l.LineNo == lineNo).Sum(l => l.Quantity);

    public IReadOnlyList<PaymentDue> Payments => Terms is { } t
        ? PaymentSchedule.For(t.PaymentTerms, t.Total, t.Currency, Day(ConfirmedAt), Day(ShippedAt), Day(ReceivedAt))
        : [];

    public PurchaseOrderState()
    {
        On<PurchaseOrderCreated>((s, e) => s with
        {
            Exists = true, CompanyId = e.CompanyId, Number = e.Number, Terms = e.Terms, CreatedBy = e.CreatedBy, CreatedAt = e.CreatedAt, UpdatedAt = e.CreatedAt,
        });
        On<PurchaseOrderCreationAbandoned>((s, e) => s with { Abandoned = true, CompanyId = e.CompanyId, Number = e.Number });
        On<PurchaseOrderDraftUpdated>((s, e) => s with { Terms = e.Terms, UpdatedAt = e.UpdatedAt });
        On<PurchaseOrderApproved>((s, e) => s with
        {
            Status = PurchaseOrderStatuses.Approved, UpdatedAt = e.ApprovedAt,
            Approval = new ApprovalRecord(e.ApprovedBy, e.ApproverRole, e.RubEquivalent, e.Rate, e.RateDate, e.ApprovedAt),
        });
        On<PurchaseOrderSent>((s, e) => s with { Status = PurchaseOrderStatuses.Sent, SentAt = e.SentAt, UpdatedAt = e.SentAt });
        On<PurchaseOrderConfirmed>((s, e) => s with
        {
            Status = e.Status, ConfirmedAt = e.ConfirmedAt, SupplierReference = e.SupplierReference, UpdatedAt = e.ConfirmedAt,
            ReceivedAt = e.Status == PurchaseOrderStatuses.Received ? s.ReceivedAt ?? e.ConfirmedAt : s.ReceivedAt,
        });
        On<PurchaseOrderCancelled>((s, e) => s with { Status = PurchaseOrderStatuses.Cancelled, CancelReason = e.Reason, CancelledAt = e.CancelledAt, UpdatedAt = e.CancelledAt });
        On<PurchaseOrderClosed>((s, e) => s with { Status = PurchaseOrderStatuses.Closed, ClosedAt = e.ClosedAt, UpdatedAt = e.ClosedAt });
        On<PurchaseOrderLineLinked>((s, e) => s with { Links = WithLink(s.Links, e), UpdatedAt = e.LinkedAt });
        On<PurchaseOrderFulfilmentRecorded>((s, e) =>
        {
            var links = WithProgress(s.Links, e.ShipmentId, e.Links);
            var shipped = links.Any(l => l.Shipped > 0 || l.Received > 0);
            return s with
            {
                Links = links,
                Status = e.Status,
                UpdatedAt = e.RecordedAt,
                ShippedAt = !shipped ? null : s.ShippedAt is { } first && (e.ShippedAt is null || first <= e.ShippedAt) ? first : e.ShippedAt ?? e.RecordedAt,
                ReceivedAt = e.Status == PurchaseOrderStatuses.Received
                    ? (s.ReceivedAt is { } r && (e.ReceivedAt is null || r >= e.ReceivedAt) ? r : e.ReceivedAt ?? e.RecordedAt)
                    : s.ReceivedAt,
            };
        });
    }

    private static DateOnly? Day(DateTimeOffset? at) => at is { } value ? PaymentSchedule.DayOf(value) : null;

    private static ImmutableList<LineLink> WithLink(ImmutableList<LineLink> links, PurchaseOrderLineLinked e)
    {
        var index = links.FindIndex(l => l.LineNo == e.LineNo && l.ShipmentId == e.ShipmentId && l.CargoLineId == e.CargoLineId);
        return index < 0
            ? links.Add(new LineLink(e.LineNo, e.ShipmentId, e.CargoLineId, e.Quantity, 0m, 0m))
            : links.SetItem(index, links[index] with { Quantity = e.Quantity });
    }

    internal static ImmutableList<LineLink> WithProgress(ImmutableList<LineLink> links, Guid shipmentId, IReadOnlyList<LinkProgress> progress) =>
        [.. links.Select(l => l.ShipmentId == shipmentId && progress.FirstOrDefault(p => p.LineNo == l.LineNo && p.CargoLineId == l.CargoLineId) is { } p
            ? l with { Shipped = p.Shipped, Received = p.Received }
            : l)];
}

/// <summary>
/// A company's order to a supplier: drafted and edited freely, approved within the approver's limit, sent, confirmed by the supplier,
/// then moved by its shipments (partly shipped, received) until it is closed; or cancelled with a reason while it is open.
/// </summary>
[StreamCategory("finance-purchase-order")]
public sealed class PurchaseOrder : Aggregate<PurchaseOrderState>
{
    public bool Exists => State.Exists && !State.Abandoned;

    /// <summary>The terms in their normal form, or every broken rule of shape at once (each naming its field).</summary>
    public static PurchaseOrderTerms Check(PurchaseOrderTerms terms)
    {
        var normal = PurchaseOrderRules.Normalize(terms);
        var violations = PurchaseOrderRules.Violations(normal);
        return violations.Count == 0 ? normal : throw new PurchaseOrderTermsException(violations);
    }

    public static PurchaseOrder Create(Guid id, Guid companyId, string number, PurchaseOrderTerms terms, Guid by, DateTimeOffset now)
    {
        var order = new PurchaseOrder { Id = id };
        order.Apply(new PurchaseOrderCreated(id, companyId, number, Check(terms), by, now));
        return order;
    }

    /// <summary>The tombstone of a creation that never happened (its number is handed out again).</summary>
    public static PurchaseOrder Abandon(Guid id, Guid companyId, string number, DateTimeOffset now)
    {
        var order = new PurchaseOrder { Id = id };
        order.Apply(new PurchaseOrderCreationAbandoned(id, companyId, number, now));
        return order;
    }

    public void UpdateDraft(PurchaseOrderTerms terms, Guid by, DateTimeOffset now)
    {
        Require(PurchaseOrderStatuses.Draft, PurchaseOrderErrors.NotDraft, "Only a draft is edited; this purchase order is {0}.");
        var normal = Check(terms);
        if (!SameTerms(normal, State.Terms!))
        {
            Apply(new PurchaseOrderDraftUpdated(Id, normal, by, now));
        }
    }

    /// <summary>
    /// Approves the draft: it needs its import contract, the contract's bank registration number when the contract reaches the
    /// registration threshold in roubles, and an approver who may approve its rouble equivalent (a manager up to the company's limit,
    /// an admin or the owner any amount). Returns the approval recorded.
    /// </summary>
    public PurchaseOrderApproved Approve(ApprovalInput input, DateTimeOffset now)
    {
        Require(PurchaseOrderStatuses.Draft, PurchaseOrderErrors.NotDraft, "Only a draft is approved; this purchase order is {0}.");
        var terms = State.Terms!;
        var contract = terms.Contract
            ?? throw PurchaseOrderRuleException.Rule("contract", PurchaseOrderErrors.ContractRequired, "A purchase order is approved under its import contract: give the contract first.");
        if (Currencies.Round(contract.Amount * input.ContractRate, Currencies.Rub) >= PurchaseOrderRules.RegistrationThresholdRub && contract.BankRegistrationNumber is null)
        {
            throw PurchaseOrderRuleException.Rule("contract.bankRegistrationNumber", PurchaseOrderErrors.RegistrationRequired,
                $"Contract {contract.Number} is worth {PurchaseOrderRules.RegistrationThresholdRub:N0} RUB or more: currency control needs the bank's unique contract number (УНК) before approval.");
        }

        var rub = Currencies.Round(terms.Total * input.Rate, Currencies.Rub);
        if (input.Role < CompanyRole.Manager)
        {
            throw CompanyAccessExtensions.RoleTooWeak(CompanyRole.Manager);
        }

        if (input.Role == CompanyRole.Manager && (input.ManagerLimitRub is not { } limit || rub > limit))
        {
            throw new PurchaseOrderRuleException("total", PurchaseOrderErrors.ApprovalLimitExceeded,
                input.ManagerLimitRub is { } l
                    ? $"The total is {PurchaseOrderRules.Amount(rub, Currencies.Rub)} RUB at the central bank's rate, above the managers' limit of {PurchaseOrderRules.Amount(l, Currencies.Rub)} RUB: an admin approves it."
                    : "The company has set no approval limit for managers: an admin approves it.",
                RuleKind.Forbidden);
        }

        var approved = new PurchaseOrderApproved(Id, State.CompanyId, input.By, CompanyRoles.NameOf(input.Role), new Money(terms.Total, terms.Currency), rub, input.Rate, input.RateDate, now);
        Apply(approved);
        return approved;
    }

    public void Send(Guid by, DateTimeOffset now)
    {
        Require(PurchaseOrderStatuses.Approved, PurchaseOrderErrors.StatusForbids, "Only an approved purchase order is sent; this one is {0}.");
        Apply(new PurchaseOrderSent(Id, by, now));
    }

    /// <summary>The supplier confirmed; what its shipments already moved counts at once (partly shipped, received).</summary>
    public void Confirm(string? supplierReference, Guid by, DateTimeOffset now)
    {
        Require(PurchaseOrderStatuses.Sent, PurchaseOrderErrors.StatusForbids, "Only a sent purchase order is confirmed; this one is {0}.");
        var reference = string.IsNullOrWhiteSpace(supplierReference) ? null : supplierReference.Trim();
        if (reference?.Length > 100)
        {
            throw new PurchaseOrderRuleException("supplierReference", PurchaseOrderErrors.TextTooLong, "The supplier's reference has at most 100 characters.");
        }

        Apply(new PurchaseOrderConfirmed(Id, reference, by, now, Progressed(PurchaseOrderStatuses.Confirmed, State.Links)));
    }

    public void Cancel(string? reason, Guid by, DateTimeOffset now)
    {
        if (!PurchaseOrderStatuses.IsOpen(State.Status))
        {
            throw PurchaseOrderRuleException.Rule("status", PurchaseOrderErrors.StatusForbids, $"A {State.Status} purchase order can no longer be cancelled.");
        }

        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why) || why.Length > PurchaseOrderRules.MaxText)
        {
            throw new PurchaseOrderRuleException("reason", PurchaseOrderErrors.ReasonRequired, $"Say why the purchase order is cancelled (1 to {PurchaseOrderRules.MaxText} characters).");
        }

        Apply(new PurchaseOrderCancelled(Id, State.CompanyId, why, State.Status != PurchaseOrderStatuses.Draft, by, now));
    }

    public void Close(Guid by, DateTimeOffset now)
    {
        Require(PurchaseOrderStatuses.Received, PurchaseOrderErrors.StatusForbids, "Only a received purchase order is closed; this one is {0}.");
        Apply(new PurchaseOrderClosed(Id, by, now));
    }

    /// <summary>
    /// <paramref name="quantity"/> of line <paramref name="lineNo"/> travels as a shipment's cargo line. The links of a line carry at
    /// most its ordered quantity; linking the same cargo line again replaces its quantity (the same quantity changes nothing).
    /// </summary>
    public void LinkLine(int lineNo, Guid shipmentId, Guid cargoLineId, decimal quantity, Guid by, DateTimeOffset now)
    {
        if (State.Status is not (PurchaseOrderStatuses.Approved or PurchaseOrderStatuses.Sent or PurchaseOrderStatuses.Confirmed or PurchaseOrderStatuses.PartlyShipped))
        {
            throw PurchaseOrderRuleException.Rule("status", PurchaseOrderErrors.StatusForbids, $"Lines are linked to shipments once approved and until received; this purchase order is {State.Status}.");
        }

        var line = State.Terms!.Lines.FirstOrDefault(l => l.LineNo == lineNo)
            ?? throw PurchaseOrderRuleException.Rule("lineNo", PurchaseOrderErrors.LineUnknown, $"The purchase order has no line {lineNo}.");
        if (quantity <= 0 || decimal.Round(quantity, 6) != quantity)
        {
            throw new PurchaseOrderRuleException("quantity", PurchaseOrderErrors.QuantityInvalid, "The linked quantity is positive, with at most six decimals.");
        }

        var existing = State.Links.FirstOrDefault(l => l.LineNo == lineNo && l.ShipmentId == shipmentId && l.CargoLineId == cargoLineId);
        if (existing?.Quantity == quantity)
        {
            return;
        }

        var others = State.LinkedOf(lineNo) - (existing?.Quantity ?? 0m);
        if (others + quantity > line.Quantity)
        {
            throw PurchaseOrderRuleException.Rule("quantity", PurchaseOrderErrors.LinkExceedsOrdered,
                $"Line {lineNo} orders {line.Quantity} {line.Unit}; {others} are linked to shipments already, so at most {line.Quantity - others} more can be.");
        }

        Apply(new PurchaseOrderLineLinked(Id, State.CompanyId, lineNo, shipmentId, cargoLineId, quantity, by, now));
    }

    /// <summary>
    /// What a shipment has moved of the linked lines (figures per link, which only grow, up to the link's quantity; links of other
    /// shipments and unknown links are left alone). Moves a confirmed PO to partly shipped once anything left, to received once every line's ordered quantity arrived.
    /// Returns false when nothing changed: a repeated or stale report, or a PO that takes no shipments any more (cancelled, closed).
    /// </summary>
    public bool RecordFulfilment(Guid shipmentId, IReadOnlyList<LinkProgress> progress, DateTimeOffset? shippedAt, DateTimeOffset? receivedAt, DateTimeOffset now)
    {
        if (!Exists || !PurchaseOrderStatuses.TakesShipments(State.Status))
        {
            return false;
        }

        // Logistics' facts never retract (a departure, a receipt), so progress only moves forward, within the link's quantity: a report
        // from partial knowledge (a replay, a late event) changes nothing.
        var known = new List<LinkProgress>();
        foreach (var p in progress)
        {
            if (State.Links.FirstOrDefault(l => l.ShipmentId == shipmentId && l.LineNo == p.LineNo && l.CargoLineId == p.CargoLineId) is { } link)
            {
                var received = Math.Min(link.Quantity, Math.Max(link.Received, p.Received));
                known.Add(p with { Shipped = Math.Max(received, Math.Min(link.Quantity, Math.Max(link.Shipped, p.Shipped))), Received = received });
            }
        }

        var links = PurchaseOrderState.WithProgress(State.Links, shipmentId, known);
        if (links.SequenceEqual(State.Links))
        {
            return false;
        }

        Apply(new PurchaseOrderFulfilmentRecorded(Id, shipmentId, known, shippedAt, receivedAt, Progressed(State.Status, links), now));
        return true;
    }

    /// <summary>Where a confirmed PO stands given its links: received when every line arrived in full, partly shipped once anything moved.</summary>
    private string Progressed(string status, ImmutableList<LineLink> links)
    {
        if (status is not (PurchaseOrderStatuses.Confirmed or PurchaseOrderStatuses.PartlyShipped))
        {
            return status;
        }

        if (State.Terms!.Lines.All(line => links.Where(l => l.LineNo == line.LineNo).Sum(l => l.Received) >= line.Quantity))
        {
            return PurchaseOrderStatuses.Received;
        }

        return links.Any(l => l.Shipped > 0 || l.Received > 0) ? PurchaseOrderStatuses.PartlyShipped : status;
    }

    private void Require(string status, string code, string message)
    {
        if (State.Status != status)
        {
            throw PurchaseOrderRuleException.Rule("status", code, string.Format(System.Globalization.CultureInfo.InvariantCulture, message, State.Status));
        }
    }

    private static readonly OrderLine[] NoLines = [];

    // Records compare lists by reference; an edit that sends the same terms again changes nothing.
    private static bool SameTerms(PurchaseOrderTerms a, PurchaseOrderTerms b) =>
        a with { Lines = NoLines } == b with { Lines = NoLines } && a.Lines.SequenceEqual(b.Lines);
}

/// <summary>Terms that break rules of shape, all of them, each naming its field (a 400 listing every one).</summary>
public sealed class PurchaseOrderTermsException(IReadOnlyList<PurchaseOrderRuleException> violations)
    : DomainException(violations[0].Code, string.Join("; ", violations.Select(v => $"{v.Field}: {v.Message}")))
{
    public IReadOnlyList<PurchaseOrderRuleException> Violations { get; } = violations;
}
