using System.Collections.Immutable;
using WellWon.Customs.Calculation;
using WellWon.Customs.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Customs.Domain;

/// <summary>A reason with who gave it (none: customs, through the gateway) and when.</summary>
public sealed record StatusReason(string Reason, Guid? By, DateTimeOffset At);

public sealed record DeclarationState : AggregateState<DeclarationState>
{
    public bool Exists { get; init; }

    public Guid CompanyId { get; init; }

    public DeclarationHeader Header { get; init; } = null!;

    public string Status { get; init; } = DeclarationStatuses.Draft;

    public ImmutableList<GoodsItem> Items { get; init; } = [];

    public ImmutableList<DeclarationCost> Costs { get; init; } = [];

    /// <summary>Counts changes of content (header, items, costs); a calculation is current while it was made at this revision.</summary>
    public int Revision { get; init; }

    public CalculationSheet? Calculation { get; init; }

    public int? CalculatedRevision { get; init; }

    public string? RegistrationNumber { get; init; }

    /// <summary>Why customs refused the declaration, when, and who recorded it; kept apart from a recall.</summary>
    public StatusReason? Rejection { get; init; }

    /// <summary>Why the declarant withdrew the declaration, who and when; kept apart from a rejection.</summary>
    public StatusReason? Recall { get; init; }

    public int Corrections { get; init; }

    /// <summary>Every correction with what it changed and the payments before and after, oldest first.</summary>
    public ImmutableList<CorrectionRecord> CorrectionHistory { get; init; } = [];

    /// <summary>The customs gateway's event ids already applied, in the order they were; the same one again changes nothing.</summary>
    public ImmutableList<string> GatewayEvents { get; init; } = [];

    public bool CalculationCurrent => Calculation is not null && CalculatedRevision == Revision;

    public DeclarationState()
    {
        On<DeclarationCreated>((s, e) => s with { Exists = true, CompanyId = e.CompanyId, Header = e.Header });
        On<DeclarationHeaderUpdated>((s, e) => s.Changed() with { Header = e.Header });
        On<GoodsItemAdded>((s, e) => s.Changed() with { Items = s.Items.Add(e.Item) });
        On<GoodsItemUpdated>((s, e) => s.Changed() with { Items = s.Items.Select(i => i.Id == e.Item.Id ? e.Item : i).ToImmutableList() });
        On<GoodsItemRemoved>((s, e) => s.Changed() with { Items = s.Items.RemoveAll(i => i.Id == e.ItemId) });
        On<DeclarationCostsSet>((s, e) => s.Changed() with { Costs = [.. e.Costs] });
        On<DeclarationChecked>((s, _) => s with { Status = DeclarationStatuses.Checked });
        On<DeclarationCalculated>((s, e) => s with
        {
            Calculation = e.Sheet,
            CalculatedRevision = e.Revision,
            // The calculation of a correction's content is that correction's "after".
            CorrectionHistory = s.CorrectionHistory.Count > 0 && s.CorrectionHistory[^1].Revision == e.Revision
                ? s.CorrectionHistory.SetItem(s.CorrectionHistory.Count - 1, s.CorrectionHistory[^1] with { After = CorrectionPayments.Of(e.Sheet) })
                : s.CorrectionHistory,
        });
        On<DeclarationSubmitted>((s, _) => s with { Status = DeclarationStatuses.Submitted });
        On<DeclarationRegistered>((s, e) => s.FromGateway(e.GatewayEventId) with { Status = DeclarationStatuses.Registered, RegistrationNumber = e.RegistrationNumber });
        On<DeclarationReleased>((s, e) => s.FromGateway(e.GatewayEventId) with { Status = DeclarationStatuses.Released });
        On<DeclarationRejected>((s, e) => s.FromGateway(e.GatewayEventId) with { Status = DeclarationStatuses.Rejected, Rejection = new StatusReason(e.Reason, e.RecordedBy, e.RejectedAt) });
        On<DeclarationRecalled>((s, e) => s with { Status = DeclarationStatuses.Recalled, Recall = new StatusReason(e.Reason, e.By, e.At) });
        On<DeclarationCorrected>((s, e) => s with
        {
            Header = e.Header,
            Items = [.. e.Items],
            Costs = [.. e.Costs],
            Revision = s.Revision + 1,
            Corrections = s.Corrections + 1,
            CorrectionHistory = s.CorrectionHistory.Add(new CorrectionRecord(
                s.Corrections + 1, s.Revision + 1, e.By, e.At, e.Reason, CorrectionDiff.Between(s, e.Header, e.Items, e.Costs),
                s.CalculationCurrent ? CorrectionPayments.Of(s.Calculation!) : null, null)),
        });
    }

    public bool Applied(string gatewayEventId) => GatewayEvents.Contains(gatewayEventId, StringComparer.Ordinal);

    // Registered and released from one gateway event are two events with its id: it is kept once.
    private DeclarationState FromGateway(string? gatewayEventId) =>
        gatewayEventId is null || Applied(gatewayEventId) ? this : this with { GatewayEvents = GatewayEvents.Add(gatewayEventId) };

    /// <summary>A change of content: a new revision, and a checked declaration is a draft again.</summary>
    private DeclarationState Changed() => this with
    {
        Revision = Revision + 1,
        Status = Status == DeclarationStatuses.Checked ? DeclarationStatuses.Draft : Status,
    };
}

/// <summary>
/// A customs declaration of one company (its tenant): header, goods items with their documents, the consignment's costs, and the
/// calculation of its payments. Its rules: data of the right shape (10-digit HS codes, ISO origins, money in decimal, 8-digit
/// offices); draft → checked → submitted → registered → released, or rejected (by customs, after submission) or recalled (by the
/// declarant, before release); content changes only in draft or checked (a change makes a checked one a draft again), and after
/// registration only by a correction; submission needs a check and a calculation of the content as it is.
/// </summary>
[StreamCategory("customs-declaration")]
public sealed class CustomsDeclaration : Aggregate<DeclarationState>
{
    public const int MaxItems = 999;

    public bool Exists => State.Exists;

    public static CustomsDeclaration Create(Guid id, Guid companyId, DeclarationHeader header, Guid by, DateTimeOffset now)
    {
        var declaration = new CustomsDeclaration { Id = id };
        declaration.Apply(new DeclarationCreated(id, companyId, DeclarationRules.Header(header), by, now));
        return declaration;
    }

    public void UpdateHeader(DeclarationHeader header, Guid by, DateTimeOffset now)
    {
        EnsureEditable();
        var normalized = DeclarationRules.Header(header);
        if (normalized != State.Header)
        {
            Apply(new DeclarationHeaderUpdated(Id, normalized, by, now));
        }
    }

    public void AddItem(GoodsItem item, Guid by, DateTimeOffset now)
    {
        EnsureEditable();
        var index = State.Items.Count;
        var normalized = Checked(item, index);
        if (State.Items.Any(i => i.Id == item.Id))
        {
            throw new CustomsRuleException("id", CustomsErrors.IdDuplicate, $"Item {item.Id} is already in this declaration.").In("items", index);
        }

        if (index >= MaxItems)
        {
            throw new CustomsRuleException("items", CustomsErrors.Incomplete, $"A declaration holds at most {MaxItems} items.");
        }

        Apply(new GoodsItemAdded(Id, normalized, by, now));
    }

    public void UpdateItem(GoodsItem item, Guid by, DateTimeOffset now)
    {
        EnsureEditable();
        var index = IndexOf(item.Id);
        var normalized = Checked(item, index);
        if (!Same(normalized, State.Items[index]))
        {
            Apply(new GoodsItemUpdated(Id, normalized, by, now));
        }
    }

    public void RemoveItem(Guid itemId, Guid by, DateTimeOffset now)
    {
        EnsureEditable();
        IndexOf(itemId);
        Apply(new GoodsItemRemoved(Id, itemId, by, now));
    }

    public void SetCosts(IReadOnlyList<DeclarationCost> costs, Guid by, DateTimeOffset now)
    {
        EnsureEditable();
        var normalized = DeclarationRules.Costs(costs);
        if (!normalized.SequenceEqual(State.Costs))
        {
            Apply(new DeclarationCostsSet(Id, normalized, by, now));
        }
    }

    /// <summary>The draft is complete enough to submit: items with documents, a certificate for a claimed preference, the freight an E or F term leaves out.</summary>
    public void Check(Guid by, DateTimeOffset now)
    {
        if (Check(by, now, []).FirstOrDefault(f => f.IsError) is { } error)
        {
            throw new CustomsRuleException(error.Field, error.Code, error.Message);
        }
    }

    /// <summary>
    /// Runs the completeness rules and takes the findings of the checks made on data outside the declaration (its shipment, the
    /// company's history, the restricted goods): with no error among them the draft is checked; warnings do not stop it. Returns every finding.
    /// </summary>
    public IReadOnlyList<ComplianceFinding> Check(Guid by, DateTimeOffset now, IReadOnlyList<ComplianceFinding> external)
    {
        EnsureStatus("check", DeclarationStatuses.Draft);
        var findings = Completeness(State.Header, State.Items, State.Costs).Concat(external).ToList();
        if (!findings.Any(f => f.IsError))
        {
            Apply(new DeclarationChecked(Id, by, now));
        }

        return findings;
    }

    /// <summary>Stores a calculation of the declaration as it is; one made on other rates or a changed content is replaced by the next.</summary>
    public void RecordCalculation(CalculationSheet sheet, Guid by, DateTimeOffset now)
    {
        EnsureStatus("calculate", DeclarationStatuses.Draft, DeclarationStatuses.Checked, DeclarationStatuses.Registered, DeclarationStatuses.Released);
        if (sheet.Date != State.Header.DeclarationDate)
        {
            throw new DomainException(CustomsErrors.CalculationStale, $"The calculation is of {sheet.Date:yyyy-MM-dd}; the declaration is of {State.Header.DeclarationDate:yyyy-MM-dd}.");
        }

        if (sheet.Items.Count != State.Items.Count || sheet.Items.Zip(State.Items).Any(p => p.First.HsCode != p.Second.HsCode))
        {
            throw new DomainException(CustomsErrors.CalculationStale, "The calculation is of other goods items than the declaration has.");
        }

        Apply(new DeclarationCalculated(Id, State.Revision, sheet, by, now));
    }

    public void Submit(Guid by, DateTimeOffset now)
    {
        EnsureStatus("submit", DeclarationStatuses.Checked);
        if (!State.CalculationCurrent)
        {
            throw new DomainException(CustomsErrors.NotCalculated, "Calculate the payments of the declaration as it is before submitting it.");
        }

        Apply(new DeclarationSubmitted(Id, State.CompanyId, by, now));
    }

    /// <summary>Customs registered the declaration; <paramref name="gatewayEventId"/> is the customs gateway's event that said so, if it did.</summary>
    public void Register(string registrationNumber, DateTimeOffset at, string? gatewayEventId = null)
    {
        EnsureStatus("register", DeclarationStatuses.Submitted);
        Apply(new DeclarationRegistered(Id, State.CompanyId, DeclarationRules.RegistrationNumber(registrationNumber, State.Header.CustomsOffice!), at, gatewayEventId));
    }

    public void Release(DateTimeOffset at, string? gatewayEventId = null)
    {
        EnsureStatus("release", DeclarationStatuses.Registered);
        Apply(new DeclarationReleased(Id, State.CompanyId, State.Header.ShipmentId, at, gatewayEventId));
    }

    /// <summary>Customs refuses to register (after submission) or to release (after registration); <paramref name="recordedBy"/> is the member who records it, if any.</summary>
    public void Reject(string reason, DateTimeOffset at, Guid? recordedBy = null, string? gatewayEventId = null)
    {
        EnsureStatus("reject", DeclarationStatuses.Submitted, DeclarationStatuses.Registered);
        Apply(new DeclarationRejected(Id, State.CompanyId, DeclarationRules.Reason(reason), at, recordedBy, gatewayEventId));
    }

    /// <summary>The declarant withdraws a declaration that customs has but has not released.</summary>
    public void Recall(string reason, Guid by, DateTimeOffset now)
    {
        EnsureStatus("recall", DeclarationStatuses.Submitted, DeclarationStatuses.Registered);
        Apply(new DeclarationRecalled(Id, State.CompanyId, DeclarationRules.Reason(reason), by, now));
    }

    /// <summary>A correction (КДТ) of a registered or released declaration: the whole content as corrected, and why.</summary>
    public void Correct(DeclarationHeader header, IReadOnlyList<GoodsItem> items, IReadOnlyList<DeclarationCost> costs, string reason, Guid by, DateTimeOffset now)
    {
        if (State.Status is not (DeclarationStatuses.Registered or DeclarationStatuses.Released))
        {
            throw new DomainException(CustomsErrors.CorrectionNotAllowed, $"The declaration is {State.Status}; only a registered or released one is corrected.");
        }

        var normalized = DeclarationRules.Header(header);
        if (normalized.CustomsOffice != State.Header.CustomsOffice || normalized.Procedure != State.Header.Procedure)
        {
            throw new CustomsRuleException(normalized.CustomsOffice != State.Header.CustomsOffice ? "customsOffice" : "procedure", CustomsErrors.CorrectionNotAllowed,
                "A correction keeps the customs office and the procedure the declaration was registered with.");
        }

        var checkedItems = items.Select((item, i) => Checked(item, i)).ToList();
        if (checkedItems.GroupBy(i => i.Id).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new CustomsRuleException("id", CustomsErrors.IdDuplicate, $"Item {duplicate.Key} is twice in the correction.").In("items", checkedItems.FindLastIndex(i => i.Id == duplicate.Key));
        }

        var checkedCosts = DeclarationRules.Costs(costs);
        if (Completeness(normalized, checkedItems, checkedCosts).FirstOrDefault(f => f.IsError) is { } gap)
        {
            throw new CustomsRuleException(gap.Field, gap.Code, gap.Message);
        }

        Apply(new DeclarationCorrected(Id, normalized, checkedItems, checkedCosts, DeclarationRules.Reason(reason), by, now));
    }

    /// <summary>What a declaration needs before submission, every gap as an error naming its field.</summary>
    private static IEnumerable<ComplianceFinding> Completeness(DeclarationHeader header, IReadOnlyList<GoodsItem> items, IReadOnlyList<DeclarationCost> costs)
    {
        if (header.Declarant is null)
        {
            yield return ComplianceFinding.Error(CustomsErrors.Incomplete, "declarant", "A declaration needs its declarant (box 14).");
        }

        if (header.CustomsOffice is null)
        {
            yield return ComplianceFinding.Error(CustomsErrors.Incomplete, "customsOffice", "A declaration needs the customs office it is lodged with (box 29).");
        }

        if (header.DeclarationDate is null)
        {
            yield return ComplianceFinding.Error(CustomsErrors.Incomplete, "declarationDate", "A declaration needs its date: the rates and the tariff are those of that day.");
        }

        if (items.Count == 0)
        {
            yield return ComplianceFinding.Error(CustomsErrors.Incomplete, "items", "A declaration needs at least one goods item.");
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Documents.Count == 0)
            {
                yield return ComplianceFinding.Error(CustomsErrors.Incomplete, $"items[{i}].documents", "Every item names at least one supporting document (box 44).");
            }

            // Certificates of origin are the 06xxx documents; a preference is granted only on one.
            else if (items[i].Preference is not null && !items[i].Documents.Any(d => d.Code.StartsWith("06", StringComparison.Ordinal)))
            {
                yield return ComplianceFinding.Error(CustomsErrors.Incomplete, $"items[{i}].documents", "A claimed preference needs a certificate of origin (a 06xxx document).");
            }
        }

        if (header.Incoterm is { } term && DeclarationRules.BuyerPaysCarriage.Contains(term) && header.Procedure == ProcedureCodes.ImportForHomeUse
            && !costs.Any(c => c.Kind == CostKinds.Freight))
        {
            yield return ComplianceFinding.Error(CustomsErrors.Incomplete, "costs", $"Under {term} the price leaves out the carriage to the border: declare the freight.");
        }
    }

    private static GoodsItem Checked(GoodsItem item, int index)
    {
        try
        {
            return DeclarationRules.Item(item);
        }
        catch (CustomsRuleException e)
        {
            throw e.In("items", index);
        }
    }

    /// <summary>Records with lists compare lists by reference; items are the same when every field and document is.</summary>
    private static bool Same(GoodsItem a, GoodsItem b) => a with { Documents = NoDocuments } == b with { Documents = NoDocuments } && a.Documents.SequenceEqual(b.Documents);

    private static readonly IReadOnlyList<ItemDocument> NoDocuments = [];

    private int IndexOf(Guid itemId)
    {
        var index = State.Items.FindIndex(i => i.Id == itemId);
        return index >= 0 ? index : throw new NotFoundException(CustomsErrors.ItemNotFound, $"Item {itemId} is not in this declaration.");
    }

    private void EnsureEditable()
    {
        if (State.Status is not (DeclarationStatuses.Draft or DeclarationStatuses.Checked))
        {
            throw new DomainException(CustomsErrors.NotEditable, State.Status is DeclarationStatuses.Registered or DeclarationStatuses.Released
                ? $"The declaration is {State.Status}; it changes only by a correction."
                : $"The declaration is {State.Status}; only a draft or checked one is edited.");
        }
    }

    private void EnsureStatus(string action, params string[] allowed)
    {
        if (!allowed.Contains(State.Status))
        {
            throw new DomainException(CustomsErrors.TransitionInvalid, $"A {State.Status} declaration cannot {action}; it must be {string.Join(" or ", allowed)}.");
        }
    }
}
