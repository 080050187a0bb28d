using System.Globalization;
using System.Net;

namespace WellWon.Web.Api;

// Customs' declarations, HS codes and landed costs as WellWon.Api answers them (WellWon.Customs' DeclarationView, DeclarationSummary,
// CalculationSheet, HsCodeEntry and the landed-cost shape), read by name: the Web references no context.

public sealed record CustomsMoney(decimal Amount, string Currency);

public sealed record DeclarationPartyView(Guid? CompanyId, string Name, string? TaxId, string? Address);

public sealed record DeclarationHeaderView(
    DeclarationPartyView? Declarant,
    DeclarationPartyView? Representative,
    string Procedure,
    string? CustomsOffice,
    DateOnly? DeclarationDate,
    string? Incoterm,
    string? IncotermPlace,
    Guid? ShipmentId,
    string AllocationMethod);

public sealed record ItemDocumentView(string Code, string Number, DateOnly? Date);

public sealed record GoodsItemView(
    Guid Id,
    string Description,
    string HsCode,
    string Origin,
    decimal Quantity,
    string Unit,
    decimal GrossKg,
    decimal NetKg,
    CustomsMoney InvoicePrice,
    string? Preference,
    decimal? ExciseQuantity,
    IReadOnlyList<ItemDocumentView>? Documents);

public sealed record DeclarationCostView(string Kind, CustomsMoney Amount);

/// <summary>A rejection's or a recall's reason, who gave it (none: customs through its gateway) and when.</summary>
public sealed record StatusReasonView(string Reason, Guid? By, DateTimeOffset At);

public sealed record CalculationSummaryView(DateOnly Date, decimal CustomsValue, decimal Duty, decimal Excise, decimal Vat, decimal Fee, decimal Total, bool Current);

public sealed record DeclarationDetails(
    Guid Id,
    Guid CompanyId,
    string Status,
    DeclarationHeaderView Header,
    IReadOnlyList<GoodsItemView> Items,
    IReadOnlyList<DeclarationCostView> Costs,
    string? RegistrationNumber,
    StatusReasonView? Rejection,
    StatusReasonView? Recall,
    int Corrections,
    CalculationSummaryView? Calculation,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<CorrectionView>? CorrectionHistory = null);

/// <summary>One value a correction changed: the item (1-based; null for the header or costs), the field, before and after.</summary>
public sealed record CorrectionChangeView(int? Item, string Field, string? Before, string? After);

public sealed record CorrectionPaymentsView(decimal CustomsValue, decimal Duty, decimal Excise, decimal Vat, decimal Fee, decimal Total, IReadOnlyList<ItemPaymentsView>? Items);

/// <summary>A correction (КДТ) as the history keeps it, and as a preview answers it before anything is stored.</summary>
public sealed record CorrectionView(
    int Number,
    int Revision,
    Guid By,
    DateTimeOffset At,
    string Reason,
    IReadOnlyList<CorrectionChangeView> Changes,
    CorrectionPaymentsView? Before,
    CorrectionPaymentsView? After,
    decimal? PaymentDifference);

public sealed record DeclarationListItem(
    Guid Id,
    string Status,
    string Procedure,
    string? CustomsOffice,
    DateOnly? DeclarationDate,
    string? RegistrationNumber,
    Guid? ShipmentId,
    int ItemCount,
    decimal? CustomsValueRub,
    decimal? PayableRub,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One line of the sheet: item (1-based; null for the declaration), kind, base in its unit, rate, formula and roubles.</summary>
public sealed record SheetLineView(int? Item, string Kind, decimal Base, string BaseUnit, string Rate, string Formula, decimal Amount);

public sealed record ItemPaymentsView(int Item, string HsCode, decimal CustomsValue, decimal Duty, decimal Excise, decimal Vat);

public sealed record CalculationSheetView(
    DateOnly Date,
    string AllocationMethod,
    IReadOnlyDictionary<string, decimal> Rates,
    IReadOnlyList<SheetLineView> Lines,
    IReadOnlyList<ItemPaymentsView> Items,
    decimal CustomsValue,
    decimal Duty,
    decimal Excise,
    decimal Vat,
    decimal Fee)
{
    public decimal Total => Duty + Excise + Vat + Fee;
}

public sealed record HsHeadingView(string Code, string DescriptionRu, string DescriptionEn);

public sealed record HsCodeView(string Code, string DescriptionRu, string DescriptionEn, IReadOnlyList<HsHeadingView> Path);

/// <summary>What the compliance check found when nothing blocked the declaration: warnings may remain.</summary>
public sealed record CheckOutcome(string Status, bool Passed, IReadOnlyList<CheckFinding> Checks);

/// <summary>One finding of the compliance check: its code, "error" or "warning", the field it concerns and its message.</summary>
public sealed record CheckFinding(string Code, string Severity, string? Field, string Message);

/// <summary>One failing check of a refused XML export: the field it concerns, its code and message.</summary>
public sealed record ExportCheck(string? Field, string Code, string Message);

/// <summary>The XML of a declaration, or the checks that refused it (422).</summary>
public sealed record DeclarationXmlFile(string FileName, byte[] Content);

// What the Web sends: the shapes of WellWon.Customs' request records (a null member is "not given").

public sealed record DeclarationPartyInput(Guid? CompanyId = null, string? Name = null, string? TaxId = null, string? Address = null);

public sealed record DeclarationHeaderBody(
    string? Procedure,
    DeclarationPartyInput? Declarant,
    DeclarationPartyInput? Representative,
    string? CustomsOffice,
    DateOnly? DeclarationDate,
    string? Incoterm,
    string? IncotermPlace,
    Guid? ShipmentId,
    string? AllocationMethod);

public sealed record CreateDeclarationBody(
    Guid CompanyId,
    string? Procedure,
    DateOnly? DeclarationDate = null,
    Guid? ShipmentId = null,
    Guid? FromShipmentId = null);

public sealed record DocumentInputBody(string? Code, string? Number, DateOnly? Date);

public sealed record GoodsItemBody(
    string? Description,
    string? HsCode,
    string? Origin,
    decimal? Quantity,
    string? Unit,
    decimal? GrossKg,
    decimal? NetKg,
    MoneyInput? InvoicePrice,
    string? Preference = null,
    decimal? ExciseQuantity = null,
    IReadOnlyList<DocumentInputBody>? Documents = null);

public sealed record CostBody(string? Kind, MoneyInput? Amount);

/// <summary>An item of a correction: its id when it was in the declaration, and its values as corrected.</summary>
public sealed record CorrectedItemBody(Guid? Id, GoodsItemBody Item);

/// <summary>A correction: every item as corrected (the header and costs are kept) and why.</summary>
public sealed record CorrectionBody(IReadOnlyList<CorrectedItemBody> Items, string? Reason);

// Landed cost (GET /api/customs/landed-cost, POST …/what-if): amounts in the company's currency.

public sealed record LandedCostItem(
    string? Description, string? HsCode, decimal GoodsValue, decimal Freight, decimal Insurance, decimal Duty, decimal Excise, decimal Vat, decimal Fees, decimal Total);

public sealed record LandedCostTotals(
    decimal GoodsValue, decimal Freight, decimal Insurance, decimal Duty, decimal Excise, decimal Vat, decimal Fees, decimal BrokerAndWarehouse,
    decimal TotalWithoutVat, decimal Total);

public sealed record LandedCost(
    Guid? ShipmentId,
    Guid CompanyId,
    string Currency,
    DateOnly? RatesDate,
    string Basis,
    Guid? DeclarationId,
    IReadOnlyList<LandedCostItem> Items,
    LandedCostTotals Totals,
    IReadOnlyList<string>? Warnings);

public sealed record WhatIfItem(
    string? Description, string? HsCode, string? Origin, decimal? GrossWeightKg, decimal? NetWeightKg, decimal? Quantity, string? Unit,
    MoneyInput? InvoicePrice, bool Preference = false);

public sealed record WhatIfBody(
    Guid CompanyId, Guid? ShipmentId, DateOnly? Date, string? Incoterm, string? Allocation, MoneyInput? Freight, MoneyInput? Insurance,
    IReadOnlyList<WhatIfItem> Items);

/// <summary>Customs' endpoints, <c>/api/customs/*</c>, as the signed-in user.</summary>
public sealed class CustomsApi(HttpClient http)
{
    private const string Declarations = "/api/customs/declarations";

    public Task<ApiResult<IReadOnlyList<DeclarationListItem>>> ListAsync(Guid companyId, string? status, CancellationToken ct) =>
        http.GetAsync<IReadOnlyList<DeclarationListItem>>(
            $"{Declarations}?companyId={companyId}" + (status is null ? "" : "&status=" + Uri.EscapeDataString(status)), ct);

    public Task<ApiResult<CreatedId>> CreateAsync(CreateDeclarationBody body, CancellationToken ct) =>
        http.SendJsonAsync<CreatedId>(HttpMethod.Post, Declarations, body, ct);

    public Task<ApiResult<DeclarationDetails>> GetAsync(Guid id, CancellationToken ct) =>
        http.GetAsync<DeclarationDetails>($"{Declarations}/{id}", ct);

    public Task<ApiResult<CalculationSheetView>> CalculationAsync(Guid id, CancellationToken ct) =>
        http.GetAsync<CalculationSheetView>($"{Declarations}/{id}/calculation", ct);

    /// <summary>Calculates with the central bank's rates stored for the declaration date.</summary>
    public Task<ApiResult<CalculationSheetView>> CalculateAsync(Guid id, CancellationToken ct) =>
        http.SendJsonAsync<CalculationSheetView>(HttpMethod.Post, $"{Declarations}/{id}/calculation", new { rates = (object?)null }, ct);

    public Task<ApiResult<NoContent>> UpdateHeaderAsync(Guid id, DeclarationHeaderBody body, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Put, $"{Declarations}/{id}/header", body, ct);

    public Task<ApiResult<CreatedId>> AddItemAsync(Guid id, GoodsItemBody body, CancellationToken ct) =>
        http.SendJsonAsync<CreatedId>(HttpMethod.Post, $"{Declarations}/{id}/items", body, ct);

    public Task<ApiResult<NoContent>> UpdateItemAsync(Guid id, Guid itemId, GoodsItemBody body, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Put, $"{Declarations}/{id}/items/{itemId}", body, ct);

    public Task<ApiResult<NoContent>> RemoveItemAsync(Guid id, Guid itemId, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Delete, $"{Declarations}/{id}/items/{itemId}", null, ct);

    public Task<ApiResult<NoContent>> SetCostsAsync(Guid id, IReadOnlyList<CostBody> costs, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Put, $"{Declarations}/{id}/costs", new { costs }, ct);

    /// <summary>The compliance check: passed (perhaps with warnings), or a 422 whose <see cref="ApiProblem.Checks"/> hold the errors.</summary>
    public Task<ApiResult<CheckOutcome>> CheckAsync(Guid id, CancellationToken ct) =>
        http.SendJsonAsync<CheckOutcome>(HttpMethod.Post, $"{Declarations}/{id}/check", null, ct);

    /// <summary>A lifecycle move without a body: <c>submit</c> or <c>release</c>.</summary>
    public Task<ApiResult<NoContent>> MoveAsync(Guid id, string action, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Post, $"{Declarations}/{id}/{action}", null, ct);

    public Task<ApiResult<NoContent>> RegisterAsync(Guid id, string registrationNumber, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Post, $"{Declarations}/{id}/register", new { registrationNumber }, ct);

    /// <summary><c>reject</c> or <c>recall</c>, with the reason.</summary>
    public Task<ApiResult<NoContent>> CloseAsync(Guid id, string action, string? reason, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Post, $"{Declarations}/{id}/{action}", new { reason }, ct);

    /// <summary>What a correction would change and the payments before and after; nothing is stored.</summary>
    public Task<ApiResult<CorrectionView>> PreviewCorrectionAsync(Guid id, CorrectionBody body, CancellationToken ct) =>
        http.SendJsonAsync<CorrectionView>(HttpMethod.Post, $"{Declarations}/{id}/corrections/preview", body, ct);

    /// <summary>Stores the correction with the calculation of the corrected content.</summary>
    public Task<ApiResult<CorrectionView>> CorrectAsync(Guid id, CorrectionBody body, CancellationToken ct) =>
        http.SendJsonAsync<CorrectionView>(HttpMethod.Post, $"{Declarations}/{id}/corrections", body, ct);

    public Task<ApiResult<IReadOnlyList<HsCodeView>>> SearchHsAsync(string q, DateOnly? date, CancellationToken ct) =>
        http.GetAsync<IReadOnlyList<HsCodeView>>(
            "/api/customs/hs?q=" + Uri.EscapeDataString(q) + (date is { } d ? "&date=" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : ""), ct);

    /// <summary>The ESADout_CU XML; a refusal (422) comes back as a problem whose <see cref="ApiProblem.Checks"/> list the failures.</summary>
    public async Task<ApiResult<DeclarationXmlFile>> XmlAsync(Guid id, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync($"{Declarations}/{id}/xml", ct);
            if (!response.IsSuccessStatusCode)
            {
                return ApiResult.Failed<DeclarationXmlFile>(await ApiProblem.ReadAsync(response, ct));
            }

            var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"')
                ?? $"ESADout_CU-{id:N}.xml";
            return ApiResult.Ok(new DeclarationXmlFile(name, await response.Content.ReadAsByteArrayAsync(ct)));
        }
        catch (HttpRequestException e)
        {
            return ApiResult.Failed<DeclarationXmlFile>(ApiProblem.Unreachable(e.Message));
        }
    }

    /// <summary>The shipment's landed cost; 404 (no such shipment, or the Api does not serve landed costs yet) is a problem like any other.</summary>
    public Task<ApiResult<LandedCost>> LandedCostAsync(Guid shipmentId, CancellationToken ct) =>
        http.GetAsync<LandedCost>($"/api/customs/landed-cost?shipmentId={shipmentId}", ct);

    public Task<ApiResult<LandedCost>> WhatIfAsync(WhatIfBody body, CancellationToken ct) =>
        http.SendJsonAsync<LandedCost>(HttpMethod.Post, "/api/customs/landed-cost/what-if", body, ct);

    public static bool IsMissing(ApiProblem problem) => problem.Status == HttpStatusCode.NotFound;
}
