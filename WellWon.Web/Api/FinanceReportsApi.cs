namespace WellWon.Web.Api;

// Finance's reports as WellWon.Api answers them (FINANCE-API: payables and receivables aging, cash position, customs payables, landed cost), read by name.

public sealed record PayableRow(
    string Kind, Guid Id, string Party, string? Reference, string Currency, decimal Amount, decimal Open, DateOnly? DueDate, int DaysOverdue, string Bucket);

/// <summary>The open amounts of one currency by bucket of days past due, for payables and receivables alike.</summary>
public sealed record AgingTotals(string Currency, decimal Current, decimal D1To30, decimal D31To60, decimal D61To90, decimal Over90, decimal Total)
{
    public static readonly IReadOnlyList<string> Buckets = ["current", "1-30", "31-60", "61-90", "90+"];

    public decimal Of(string bucket) => bucket switch
    {
        "current" => Current,
        "1-30" => D1To30,
        "31-60" => D31To60,
        "61-90" => D61To90,
        _ => Over90,
    };

    public static string Label(string bucket) => bucket == "current" ? "Not yet due" : bucket + " days";
}

public sealed record PayablesView(DateOnly AsOf, IReadOnlyList<PayableRow> Rows, IReadOnlyList<AgingTotals> Totals);

public sealed record ReceivableAgingRow(
    Guid Id, string Client, string Number, string Currency, decimal Amount, decimal Open, DateOnly IssueDate, DateOnly DueDate, int DaysOverdue, string Bucket);

public sealed record ReceivablesAgingView(DateOnly AsOf, IReadOnlyList<ReceivableAgingRow> Rows, IReadOnlyList<AgingTotals> Totals);

public sealed record CashCurrency(string Currency, decimal Posted, decimal Pending, decimal Available, decimal? OfficialRate, decimal? RubEquivalent);

public sealed record CashPositionView(DateOnly AsOf, IReadOnlyList<CashCurrency> Currencies, decimal? TotalRub);

public sealed record CustomsPayableView(
    Guid Id, Guid DeclarationId, string? RegistrationNumber, decimal Duty, decimal Excise, decimal Vat, decimal Fees, decimal Total, string Currency,
    string Status, DateTimeOffset? PaidAt, Guid? PaymentOrderId);

public sealed record LandedCostActual(
    decimal Goods, decimal Freight, decimal Insurance, decimal Duty, decimal Excise, decimal Vat, decimal Fees, decimal Services, decimal FxDifference, decimal Total);

public sealed record LandedCostEstimate(
    decimal Goods, decimal Freight, decimal Insurance, decimal Duty, decimal Excise, decimal Vat, decimal Fees, decimal Total, string? Basis);

public sealed record LandedCostLine(string Kind, string? Source, string? Reference, decimal Amount);

public sealed record LandedCostView(Guid ShipmentId, string Currency, LandedCostActual Actual, LandedCostEstimate? Estimate, IReadOnlyList<LandedCostLine> Lines);

/// <summary>Finance's read-only reports, as the signed-in user.</summary>
public sealed class FinanceReportsApi(HttpClient http)
{
    public Task<ApiResult<PayablesView>> PayablesAsync(Guid companyId, DateOnly? asOf, CancellationToken ct) =>
        http.GetAsync<PayablesView>($"/api/finance/payables?companyId={companyId}" + AsOf(asOf), ct);

    public Task<ApiResult<ReceivablesAgingView>> ReceivablesAgingAsync(Guid companyId, DateOnly? asOf, CancellationToken ct) =>
        http.GetAsync<ReceivablesAgingView>($"/api/finance/receivables-aging?companyId={companyId}" + AsOf(asOf), ct);

    public Task<ApiResult<CashPositionView>> CashPositionAsync(Guid companyId, DateOnly? asOf, CancellationToken ct) =>
        http.GetAsync<CashPositionView>($"/api/finance/cash-position?companyId={companyId}" + AsOf(asOf), ct);

    public Task<ApiResult<IReadOnlyList<CustomsPayableView>>> CustomsPayablesAsync(Guid companyId, Guid declarationId, CancellationToken ct) =>
        http.GetAsync<IReadOnlyList<CustomsPayableView>>($"/api/finance/customs-payables?companyId={companyId}&declarationId={declarationId}", ct);

    public Task<ApiResult<LandedCostView>> LandedCostAsync(Guid companyId, Guid shipmentId, CancellationToken ct) =>
        http.GetAsync<LandedCostView>($"/api/finance/landed-cost?companyId={companyId}&shipmentId={shipmentId}", ct);

    private static string AsOf(DateOnly? asOf) =>
        asOf is { } d ? "&asOf=" + d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "";
}
