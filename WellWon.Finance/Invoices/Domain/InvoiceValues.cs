using System.Collections.Frozen;

namespace WellWon.Finance.Invoices.Domain;

// The values supplier invoice events carry, normalised (number trimmed, amounts exact in the invoice's currency) and already checked.

/// <summary>One line as the supplier billed it: the PO line it bills, quantity, unit price and amount (quantity × price in minor units).</summary>
public sealed record InvoiceLine(int PoLineNo, decimal Quantity, decimal UnitPrice, decimal Amount);

/// <summary>A service invoice's line: what was done, for which shipment when it is allocated to one, and its amount.</summary>
public sealed record ServiceLine(Guid? ShipmentId, string Description, decimal Amount);

/// <summary>
/// How far an invoice may stray from its purchase order and the goods received before it is held: quantity as a percentage of what
/// was received, unit price as a percentage of the PO's, and, per currency, an absolute cap on a line's excess over the PO's price
/// (quantity × price difference). Defaults: 0 % quantity, 0.5 % price, no absolute cap.
/// </summary>
public sealed record MatchTolerances(decimal QuantityPercent, decimal PricePercent, IReadOnlyList<CurrencyAmount> PriceAbsolute)
{
    public static readonly MatchTolerances Default = new(0m, 0.5m, []);

    /// <summary>The absolute cap on a line's price excess in <paramref name="currency"/>, when the company set one.</summary>
    public decimal? AbsoluteIn(string currency) => PriceAbsolute.FirstOrDefault(a => a.Currency == currency)?.Amount;
}

public sealed record CurrencyAmount(string Currency, decimal Amount);

/// <summary>What the match knows of a PO line: ordered quantity and price, what arrived, and what other live invoices already bill.</summary>
public sealed record PoLineFacts(int LineNo, decimal Ordered, decimal UnitPrice, decimal Received, decimal InvoicedElsewhere);

/// <summary>One reason an invoice line does not match, with the figures it was decided on.</summary>
public sealed record MatchMismatch(string Reason, string Message);

/// <summary>The match of one invoice line: matched when it has no mismatch.</summary>
public sealed record LineMatch(int PoLineNo, decimal Received, IReadOnlyList<MatchMismatch> Mismatches)
{
    public bool Matched => Mismatches.Count == 0;
}

/// <summary>Why a line does not match.</summary>
public static class MatchReasons
{
    public const string NotOnPurchaseOrder = "line-not-on-po";
    public const string AlreadyFullyInvoiced = "already-fully-invoiced";
    public const string OverInvoiced = "over-invoiced-vs-received";
    public const string PriceAbovePurchaseOrder = "price-above-po";
}

/// <summary>received → matched or on_hold → approved → paid (by payments); or rejected; an approved invoice may be cancelled.</summary>
public static class InvoiceStatuses
{
    public const string Received = "received";
    public const string Matched = "matched";
    public const string OnHold = "on_hold";
    public const string Approved = "approved";
    public const string Paid = "paid";
    public const string Rejected = "rejected";
    public const string Cancelled = "cancelled";

    public static readonly FrozenSet<string> All = FrozenSet.Create(StringComparer.Ordinal, Received, Matched, OnHold, Approved, Paid, Rejected, Cancelled);

    /// <summary>Whether the invoice still bills its quantities (neither rejected nor cancelled).</summary>
    public static bool IsLive(string status) => status is not (Rejected or Cancelled);
}

/// <summary>A goods invoice bills a purchase order; a service invoice (freight, customs brokerage, storage) bills shipments.</summary>
public static class InvoiceKinds
{
    public const string Goods = "goods";
    public const string Service = "service";
}
