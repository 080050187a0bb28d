namespace WellWon.Finance.Invoices.Domain;

/// <summary>
/// The three-way match of an invoice line: the PO line (ordered quantity and price) against the goods received (warehouse receipts)
/// against what the supplier bills. A line matches when it is on the PO, the line is not billed in full elsewhere, everything billed
/// on the line so far stays within the received quantity plus the quantity tolerance, and its unit price stays within the price
/// tolerance of the PO's (and its excess within the company's absolute cap in that currency, when set). A lower price always matches.
/// </summary>
public static class ThreeWayMatch
{
    public static IReadOnlyList<LineMatch> Match(IReadOnlyList<InvoiceLine> lines, IReadOnlyList<PoLineFacts> po, MatchTolerances tolerances, string currency) =>
        [.. lines.Select(line => MatchLine(line, lines, po, tolerances, currency))];

    private static LineMatch MatchLine(InvoiceLine line, IReadOnlyList<InvoiceLine> all, IReadOnlyList<PoLineFacts> po, MatchTolerances t, string currency)
    {
        var facts = po.FirstOrDefault(p => p.LineNo == line.PoLineNo);
        if (facts is null)
        {
            return new LineMatch(line.PoLineNo, 0m, [new MatchMismatch(MatchReasons.NotOnPurchaseOrder, $"The purchase order has no line {line.PoLineNo}.")]);
        }

        var mismatches = new List<MatchMismatch>();
        if (facts.InvoicedElsewhere >= facts.Ordered)
        {
            mismatches.Add(new MatchMismatch(MatchReasons.AlreadyFullyInvoiced,
                $"Line {facts.LineNo} orders {facts.Ordered} and other invoices already bill {facts.InvoicedElsewhere}."));
        }
        else
        {
            // Two invoice lines may bill the same PO line: the whole line's billing is what is compared with the goods.
            var billed = facts.InvoicedElsewhere + all.Where(l => l.PoLineNo == line.PoLineNo).Sum(l => l.Quantity);
            var allowed = facts.Received * (1m + (t.QuantityPercent / 100m));
            if (billed > allowed)
            {
                mismatches.Add(new MatchMismatch(MatchReasons.OverInvoiced,
                    $"Line {facts.LineNo} is billed {billed} in all and {facts.Received} were received (tolerance {t.QuantityPercent} %, so at most {allowed})."));
            }
        }

        if (line.UnitPrice > facts.UnitPrice)
        {
            var cap = facts.UnitPrice * (1m + (t.PricePercent / 100m));
            var excess = Currencies.Round((line.UnitPrice - facts.UnitPrice) * line.Quantity, currency);
            var absolute = t.AbsoluteIn(currency);
            if (line.UnitPrice > cap || (absolute is { } limit && excess > limit))
            {
                mismatches.Add(new MatchMismatch(MatchReasons.PriceAbovePurchaseOrder,
                    $"Line {facts.LineNo} is billed at {line.UnitPrice} and the purchase order says {facts.UnitPrice} (tolerance {t.PricePercent} %"
                    + (absolute is { } a ? $" and {Currencies.Format(a, currency)} {currency} a line" : string.Empty)
                    + $"; this line's excess is {Currencies.Format(excess, currency)} {currency})."));
            }
        }

        return new LineMatch(line.PoLineNo, facts.Received, mismatches);
    }
}
