using MudBlazor;
using WellWon.Web.Api;

namespace WellWon.Web.Finance;

/// <summary>An invoice to a client as the form edits it, and how the screens name its statuses and add up its lines.</summary>
public sealed class ReceivableForm
{
    public static readonly IReadOnlyList<int> VatRates = [0, 10, 20];

    /// <summary>The invoice's id, chosen once per form: a send repeated after a lost answer drafts no second invoice.</summary>
    public Guid InvoiceId { get; } = Guid.CreateVersion7();

    public string? ClientName { get; set; }

    public string? ClientTaxId { get; set; }

    public string Currency { get; set; } = "RUB";

    public DateTime? DueDate { get; set; }

    public List<ReceivableLineRow> Lines { get; } = [new()];

    public decimal Total => TotalOf(
        [.. Lines.Select(l => new ReceivableLine(l.Description ?? "", l.Quantity ?? 0, l.UnitPrice ?? 0, l.VatRate, null))], Currency);

    public ReceivableBody ToBody(Guid companyId) => new(
        companyId,
        InvoiceId,
        new ReceivableClient(null, ClientName?.Trim() ?? "", string.IsNullOrWhiteSpace(ClientTaxId) ? null : ClientTaxId.Trim()),
        Currency,
        null,
        DateOnly.FromDateTime(DueDate ?? DateTime.UtcNow.Date.AddDays(30)),
        [.. Lines.Select(l => new ReceivableLine(l.Description?.Trim() ?? "", l.Quantity ?? 0, l.UnitPrice ?? 0, l.VatRate, null))]);

    /// <summary>Net plus VAT, each line rounded to the currency's minor units as the server rounds it.</summary>
    public static decimal TotalOf(IReadOnlyList<ReceivableLine> lines, string currency)
    {
        var units = FinanceMoney.MinorUnitsOf(currency);
        return lines.Sum(l =>
        {
            var net = decimal.Round(l.Quantity * l.UnitPrice, units, MidpointRounding.AwayFromZero);
            return net + decimal.Round(net * l.VatRate / 100m, units, MidpointRounding.AwayFromZero);
        });
    }

    public static string Label(string status) => status.Length == 0 ? status : char.ToUpperInvariant(status[0]) + status[1..].Replace('-', ' ');

    public static Color ColorOf(string status) => status switch
    {
        "issued" => Color.Primary,
        "partly-paid" => Color.Warning,
        "paid" => Color.Success,
        "cancelled" => Color.Error,
        _ => Color.Default,
    };
}

public sealed class ReceivableLineRow
{
    public string? Description { get; set; }

    public decimal? Quantity { get; set; } = 1;

    public decimal? UnitPrice { get; set; }

    public int VatRate { get; set; } = 20;
}
