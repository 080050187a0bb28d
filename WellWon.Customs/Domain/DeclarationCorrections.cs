using System.Globalization;
using WellWon.Customs.Contracts;

namespace WellWon.Customs.Domain;

/// <summary>One value a correction changed: the item (1-based, as box 32 numbers them; null for the header or costs), the field's path, before and after as text.</summary>
public sealed record CorrectionChange(int? Item, string Field, string? Before, string? After);

/// <summary>The payments of a calculation, in roubles, as a correction's before and after.</summary>
public sealed record CorrectionPayments(decimal CustomsValue, decimal Duty, decimal Excise, decimal Vat, decimal Fee, decimal Total, IReadOnlyList<ItemPayments> Items)
{
    public static CorrectionPayments Of(CalculationSheet sheet) =>
        new(sheet.CustomsValue, sheet.Duty, sheet.Excise, sheet.Vat, sheet.Fee, sheet.Total, sheet.Items);
}

/// <summary>
/// One correction (КДТ) in the declaration's history: its number, the content revision it made, who made it, when and why, what it
/// changed, and the payments before (the calculation current when it was made, if any) and after (the calculation of the corrected content).
/// </summary>
public sealed record CorrectionRecord(
    int Number,
    int Revision,
    Guid By,
    DateTimeOffset At,
    string Reason,
    IReadOnlyList<CorrectionChange> Changes,
    CorrectionPayments? Before,
    CorrectionPayments? After)
{
    /// <summary>What the correction adds to the payments (negative: a refund is due); null until both sides are known.</summary>
    public decimal? PaymentDifference => Before is { } b && After is { } a ? a.Total - b.Total : null;
}

/// <summary>What a correction changed, field by field (pure; the history is rebuilt from the events with it).</summary>
public static class CorrectionDiff
{
    public static IReadOnlyList<CorrectionChange> Between(DeclarationState before, DeclarationHeader header, IReadOnlyList<GoodsItem> items, IReadOnlyList<DeclarationCost> costs)
    {
        var changes = new List<CorrectionChange>();
        void Compare(int? item, string field, string? was, string? now)
        {
            if (!string.Equals(was, now, StringComparison.Ordinal))
            {
                changes.Add(new CorrectionChange(item, field, was, now));
            }
        }

        var h = before.Header;
        Compare(null, "declarant", Party(h.Declarant), Party(header.Declarant));
        Compare(null, "representative", Party(h.Representative), Party(header.Representative));
        Compare(null, "declarationDate", h.DeclarationDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), header.DeclarationDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Compare(null, "incoterm", Join(h.Incoterm, h.IncotermPlace), Join(header.Incoterm, header.IncotermPlace));
        Compare(null, "allocationMethod", h.AllocationMethod, header.AllocationMethod);
        foreach (var kind in before.Costs.Select(c => c.Kind).Concat(costs.Select(c => c.Kind)).Distinct())
        {
            Compare(null, $"costs.{kind}", before.Costs.FirstOrDefault(c => c.Kind == kind)?.Amount.ToString(), costs.FirstOrDefault(c => c.Kind == kind)?.Amount.ToString());
        }

        for (var i = 0; i < items.Count; i++)
        {
            var now = items[i];
            if (before.Items.FirstOrDefault(o => o.Id == now.Id) is not { } was)
            {
                changes.Add(new CorrectionChange(i + 1, "item", null, $"{now.HsCode} {now.Description}"));
                continue;
            }

            Compare(i + 1, "description", was.Description, now.Description);
            Compare(i + 1, "hsCode", was.HsCode, now.HsCode);
            Compare(i + 1, "origin", was.Origin, now.Origin);
            Compare(i + 1, "quantity", $"{N(was.Quantity)} {was.Unit}", $"{N(now.Quantity)} {now.Unit}");
            Compare(i + 1, "grossKg", N(was.GrossKg), N(now.GrossKg));
            Compare(i + 1, "netKg", N(was.NetKg), N(now.NetKg));
            Compare(i + 1, "invoicePrice", was.InvoicePrice.ToString(), now.InvoicePrice.ToString());
            Compare(i + 1, "preference", was.Preference, now.Preference);
            Compare(i + 1, "exciseQuantity", was.ExciseQuantity is { } we ? N(we) : null, now.ExciseQuantity is { } ne ? N(ne) : null);
            Compare(i + 1, "documents", Documents(was), Documents(now));
        }

        for (var i = 0; i < before.Items.Count; i++)
        {
            var was = before.Items[i];
            if (!items.Any(n => n.Id == was.Id))
            {
                changes.Add(new CorrectionChange(i + 1, "item", $"{was.HsCode} {was.Description}", null));
            }
        }

        return changes;
    }

    private static string? Party(DeclarationParty? party) => party is null ? null : Join(party.Name, party.TaxId);

    private static string? Join(string? a, string? b) => a is null && b is null ? null : string.Join(", ", new[] { a, b }.Where(s => s is not null));

    private static string Documents(GoodsItem item) => string.Join("; ", item.Documents.Select(d => $"{d.Code} {d.Number}"));

    private static string N(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
