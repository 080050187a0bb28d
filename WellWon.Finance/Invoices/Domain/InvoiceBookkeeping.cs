using System.Collections.Immutable;
using WellWon.Finance.Ledger.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Finance.Invoices.Domain;

/// <summary>One live invoice of a PO and what it bills.</summary>
public sealed record BilledBy(Guid InvoiceId, IReadOnlyList<InvoicedQuantity> Lines);

public sealed record PurchaseOrderInvoicingState : AggregateState<PurchaseOrderInvoicingState>
{
    public Guid CompanyId { get; init; }

    /// <summary>Each live invoice of the PO and what it bills, in the order they came.</summary>
    public ImmutableList<BilledBy> Invoices { get; init; } = [];

    public PurchaseOrderInvoicingState()
    {
        On<PurchaseOrderInvoiced>((s, e) => s with { CompanyId = e.CompanyId, Invoices = s.Invoices.RemoveAll(i => i.InvoiceId == e.InvoiceId).Add(new BilledBy(e.InvoiceId, e.Lines)) });
        On<PurchaseOrderInvoiceReleased>((s, e) => s with { Invoices = s.Invoices.RemoveAll(i => i.InvoiceId == e.InvoiceId) });
    }

    /// <summary>What the live invoices other than <paramref name="except"/> bill on line <paramref name="lineNo"/>.</summary>
    public decimal InvoicedElsewhere(int lineNo, Guid except) =>
        Invoices.Where(i => i.InvoiceId != except).SelectMany(i => i.Lines).Where(l => l.LineNo == lineNo).Sum(l => l.Quantity);
}

/// <summary>
/// What a purchase order's live invoices bill, one stream per PO: the match reads "already invoiced" from it, and appending to it with
/// the expected version keeps two invoices entered at once from both billing the last of a line unseen.
/// </summary>
[StreamCategory("finance-po-invoicing")]
public sealed class PurchaseOrderInvoicing : Aggregate<PurchaseOrderInvoicingState>
{
    public static PurchaseOrderInvoicing For(Guid purchaseOrderId) => new() { Id = purchaseOrderId };

    public void Record(Guid companyId, Guid invoiceId, IReadOnlyList<InvoicedQuantity> lines, DateTimeOffset now)
    {
        if (State.Invoices.Any(i => i.InvoiceId == invoiceId && i.Lines.SequenceEqual(lines)))
        {
            return;
        }

        Apply(new PurchaseOrderInvoiced(Id, companyId, invoiceId, lines, now));
    }

    public void Release(Guid invoiceId, DateTimeOffset now)
    {
        if (State.Invoices.Any(i => i.InvoiceId == invoiceId))
        {
            Apply(new PurchaseOrderInvoiceReleased(Id, State.CompanyId, invoiceId, now));
        }
    }
}

public sealed record InvoiceNumberClaimState : AggregateState<InvoiceNumberClaimState>
{
    public Guid? InvoiceId { get; init; }

    public InvoiceNumberClaimState()
    {
        On<SupplierInvoiceNumberClaimed>((s, e) => s with { InvoiceId = e.InvoiceId });
        On<SupplierInvoiceNumberReleased>((s, e) => s.InvoiceId == e.InvoiceId ? s with { InvoiceId = null } : s);
    }
}

/// <summary>
/// The reservation of one supplier's invoice number in one company (the stream's id is derived from the three), so a duplicate is
/// refused by the event store's expected version, not by a query that a concurrent entry could slip past.
/// </summary>
[StreamCategory("finance-invoice-number")]
public sealed class InvoiceNumberClaim : Aggregate<InvoiceNumberClaimState>
{
    public static Guid IdOf(Guid companyId, Guid supplierId, string number) =>
        ChartOfAccounts.DerivedId(companyId, $"invoice-number/{supplierId:N}/{number.Trim().ToUpperInvariant()}");

    public static InvoiceNumberClaim New(Guid id) => new() { Id = id };

    /// <summary>Takes the number for <paramref name="invoiceId"/>; a number another invoice holds is refused naming it.</summary>
    public void Claim(Guid companyId, Guid supplierId, string number, Guid invoiceId, DateTimeOffset now)
    {
        if (State.InvoiceId is { } existing)
        {
            if (existing == invoiceId)
            {
                return;
            }

            throw new InvoiceRuleException("number", InvoiceErrors.Duplicate,
                $"The supplier's invoice {number} is already entered as invoice {existing}.", 409, existing);
        }

        Apply(new SupplierInvoiceNumberClaimed(Id, companyId, supplierId, number, invoiceId, now));
    }

    public void Release(Guid invoiceId, DateTimeOffset now)
    {
        if (State.InvoiceId == invoiceId)
        {
            Apply(new SupplierInvoiceNumberReleased(Id, invoiceId, now));
        }
    }
}

public sealed record InvoiceMatchPolicyState : AggregateState<InvoiceMatchPolicyState>
{
    public MatchTolerances Tolerances { get; init; } = MatchTolerances.Default;

    public Guid? SetBy { get; init; }

    public DateTimeOffset? SetAt { get; init; }

    public InvoiceMatchPolicyState() =>
        On<InvoiceTolerancesSet>((s, e) => s with { Tolerances = new MatchTolerances(e.QuantityPercent, e.PricePercent, e.PriceAbsolute), SetBy = e.SetBy, SetAt = e.SetAt });
}

/// <summary>A company's match tolerances (one stream per company; defaults until an admin sets them).</summary>
[StreamCategory("finance-invoice-policy")]
public sealed class InvoiceMatchPolicy : Aggregate<InvoiceMatchPolicyState>
{
    public static InvoiceMatchPolicy For(Guid companyId) => new() { Id = companyId };

    public void Set(MatchTolerances t, Guid by, DateTimeOffset now)
    {
        var errors = new List<InvoiceRuleException>();
        if (t.QuantityPercent is < 0 or > 100 || decimal.Round(t.QuantityPercent, 2) != t.QuantityPercent)
        {
            errors.Add(new("quantityPercent", InvoiceErrors.ToleranceInvalid, "The quantity tolerance is 0 to 100 percent, with at most two decimals."));
        }

        if (t.PricePercent is < 0 or > 100 || decimal.Round(t.PricePercent, 2) != t.PricePercent)
        {
            errors.Add(new("pricePercent", InvoiceErrors.ToleranceInvalid, "The price tolerance is 0 to 100 percent, with at most two decimals."));
        }

        var absolute = (t.PriceAbsolute ?? []).Select(a => a with { Currency = (a.Currency ?? string.Empty).Trim().ToUpperInvariant() }).ToList();
        for (var i = 0; i < absolute.Count; i++)
        {
            var a = absolute[i];
            if (!Currencies.IsKnown(a.Currency) || a.Amount < 0 || Currencies.Round(a.Amount, a.Currency) != a.Amount || absolute.Count(x => x.Currency == a.Currency) > 1)
            {
                errors.Add(new($"priceAbsolute[{i}]", InvoiceErrors.ToleranceInvalid, "Each absolute cap names a currency WellWon books once, with an amount of zero or more in its minor units."));
            }
        }

        if (errors.Count > 0)
        {
            throw new InvoiceDataException(errors);
        }

        var normal = new MatchTolerances(t.QuantityPercent, t.PricePercent, [.. absolute.OrderBy(a => a.Currency, StringComparer.Ordinal)]);
        if (OriginalVersion < 0 || normal.QuantityPercent != State.Tolerances.QuantityPercent || normal.PricePercent != State.Tolerances.PricePercent
            || !normal.PriceAbsolute.SequenceEqual(State.Tolerances.PriceAbsolute))
        {
            Apply(new InvoiceTolerancesSet(Id, normal.QuantityPercent, normal.PricePercent, normal.PriceAbsolute, by, now));
        }
    }
}
