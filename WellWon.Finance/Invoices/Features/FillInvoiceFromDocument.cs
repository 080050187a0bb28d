using System.Globalization;
using Mediator;
using WellWon.Documents.Contracts;
using WellWon.Documents.Features;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Finance.PurchaseOrders.Features;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Invoices.Features;

/// <summary>
/// A review's <c>fill</c> of kind <c>supplier-invoice</c>: the accepted values become a supplier invoice against the purchase order
/// named, entered through <see cref="CreateSupplierInvoice"/> (so the three-way match runs) with the document as its source. Each
/// accepted line goes to the PO line it matches best (SKU in its description, HS code, description words, unit price); the review
/// records the invoice and, per accepted line, the PO line it billed (0 for a line that matched none; none matching is a 422).
/// </summary>
public sealed class SupplierInvoiceFill(ISender sender, PurchaseOrderWrites orders) : IDocumentFill
{
    public const string LinesUnmatched = "finance.invoice.fill-lines-unmatched";

    public string Kind => FillKinds.SupplierInvoice;

    public Task<IReadOnlyList<int>> FillAsync(string kind, Guid targetId, Guid documentId, int version, Guid userId, CancellationToken ct) =>
        throw InvoiceRuleException.Rule("fill", LinesUnmatched, "A supplier invoice is filled from the accepted values of a review.");

    public async Task<DocumentFilled> FillAsync(DocumentFillRequest request, CancellationToken ct)
    {
        var (order, _) = await orders.LoadAsync(request.TargetId, request.UserId, CompanyRole.Member, ct);
        // A member of two companies never bills one company's order from the other's document: as if the order did not exist.
        if (order.State.CompanyId != request.CompanyId)
        {
            throw PurchaseOrderErrors.PurchaseOrderNotFound(request.TargetId);
        }

        var poLines = order.State.Terms?.Lines ?? [];
        var items = Match(request.Lines, poLines);
        var lines = new List<InvoiceLineInput>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] != 0)
            {
                var l = request.Lines[i];
                var quantity = Number(l, ExtractionFields.Quantity)!.Value;
                var price = Number(l, ExtractionFields.UnitPrice)!.Value;
                lines.Add(new InvoiceLineInput(items[i], quantity, price, Number(l, ExtractionFields.Amount) ?? Math.Round(quantity * price, 2)));
            }
        }

        if (lines.Count == 0)
        {
            throw InvoiceRuleException.Rule("lines", LinesUnmatched,
                $"No accepted line matches a line of purchase order {order.State.Number}: lines {string.Join(", ", Enumerable.Range(0, items.Count))}.");
        }

        request.Fields.TryGetValue(ExtractionFields.InvoiceDate, out var date);
        var invoice = await sender.Send(new CreateSupplierInvoice(request.UserId, new SupplierInvoiceRequest(
            request.TargetId,
            request.Fields.GetValueOrDefault(ExtractionFields.InvoiceNumber),
            date is null ? default : DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            request.Fields.GetValueOrDefault(ExtractionFields.Currency),
            lines,
            SourceDocumentId: request.DocumentId)), ct);
        return new DocumentFilled(invoice.Id, items);
    }

    /// <summary>Per accepted line, the PO line it bills (each PO line at most once), or 0 when none is close enough.</summary>
    public static IReadOnlyList<int> Match(IReadOnlyList<IReadOnlyDictionary<string, string>> accepted, IReadOnlyList<OrderLine> poLines)
    {
        var taken = new HashSet<int>();
        var result = new List<int>(accepted.Count);
        foreach (var line in accepted)
        {
            if (Number(line, ExtractionFields.Quantity) is not > 0 || Number(line, ExtractionFields.UnitPrice) is not { } price)
            {
                result.Add(0);
                continue;
            }

            var best = poLines.Where(p => !taken.Contains(p.LineNo))
                .Select(p => (p.LineNo, Score: Score(line, price, p)))
                .Where(s => s.Score >= 2)
                .OrderByDescending(s => s.Score).ThenBy(s => s.LineNo)
                .Select(s => s.LineNo).FirstOrDefault();
            if (best != 0)
            {
                taken.Add(best);
            }

            result.Add(best);
        }

        return result;
    }

    // An identity (SKU, HS code or most of the description's words) is needed; the unit price only tips the balance between candidates.
    private static int Score(IReadOnlyDictionary<string, string> line, decimal price, OrderLine po)
    {
        var description = line.GetValueOrDefault(ExtractionFields.Description) ?? string.Empty;
        var score = 0;
        if (po.Sku is { Length: > 0 } sku && description.Contains(sku, StringComparison.OrdinalIgnoreCase))
        {
            score += 3;
        }

        if (po.HsCode is { } hs && line.GetValueOrDefault(ExtractionFields.HsCode) == hs)
        {
            score += 2;
        }

        if (Similarity(description, po.Description) >= 0.5)
        {
            score += 2;
        }

        return price == po.UnitPrice ? score + 1 : score;
    }

    // Jaccard similarity of the two descriptions' words, case and punctuation aside.
    private static double Similarity(string a, string b)
    {
        static HashSet<string> Words(string s) => [.. s.ToUpperInvariant().Split([' ', ',', '.', ';', ':', '-', '/', '(', ')', '\t'], StringSplitOptions.RemoveEmptyEntries)];
        var x = Words(a);
        var y = Words(b);
        return x.Count == 0 || y.Count == 0 ? 0 : (double)x.Intersect(y).Count() / x.Union(y).Count();
    }

    private static decimal? Number(IReadOnlyDictionary<string, string> line, string name) =>
        line.TryGetValue(name, out var v) && decimal.TryParse(v, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
}
