using System.Globalization;

namespace WellWon.Web.Api;

// Purchase orders as WellWon.Api answers them (WellWon.Finance's PurchaseOrderView, PurchaseOrderPage, ApprovalSettings), read by name.

public sealed record BankDetailsView(string? Account, string? Iban, string? Swift, string? BankName);

public sealed record SupplierView(Guid? CompanyId, string? Name, string? Country, string? Address, BankDetailsView? Bank);

public sealed record PurchaseOrderLineView(
    int LineNo, string Description, string? Sku, string? HsCode, string Unit, decimal UnitPrice, decimal Amount,
    decimal Ordered, decimal Linked, decimal Shipped, decimal Received, decimal Invoiced, decimal Paid);

public sealed record PaymentTermsView(decimal PrepaymentPercent, int PrepaymentDays, string BalanceBasis, int BalanceDays);

public sealed record PaymentDueView(string Kind, decimal Amount, string Basis, DateOnly? DueDate);

public sealed record ImportContractView(string Number, DateOnly Date, string Currency, decimal Amount, string? BankRegistrationNumber);

public sealed record ApprovalRecordView(Guid By, string Role, decimal RubEquivalent, decimal Rate, DateOnly RateDate, DateTimeOffset At);

public sealed record LineLinkView(int LineNo, Guid ShipmentId, Guid CargoLineId, decimal Quantity, decimal Shipped, decimal Received);

public sealed record PurchaseOrderDetails(
    Guid Id,
    Guid CompanyId,
    string Number,
    string Status,
    SupplierView Supplier,
    string Currency,
    decimal Total,
    IReadOnlyList<PurchaseOrderLineView> Lines,
    string Incoterm,
    string IncotermPlace,
    PaymentTermsView PaymentTerms,
    IReadOnlyList<PaymentDueView> Payments,
    ImportContractView? Contract,
    DateOnly? ExpectedDelivery,
    ApprovalRecordView? Approval,
    string? SupplierReference,
    string? CancelReason,
    IReadOnlyList<LineLinkView> Links,
    Guid CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);

public sealed record PurchaseOrderSummaryView(
    Guid Id, string Number, string Status, string? SupplierName, Guid? SupplierCompanyId, string Currency, decimal Total,
    string? ContractNumber, DateOnly? ExpectedDelivery, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record PurchaseOrderPageView(IReadOnlyList<PurchaseOrderSummaryView> Items, long Total);

public sealed record ApprovalSettingsView(Guid CompanyId, decimal? ManagerLimitRub, Guid? SetBy, DateTimeOffset? SetAt);

/// <summary>What a list is narrowed by; null members are not sent.</summary>
public sealed record PurchaseOrderQuery(string? Status = null, string? Supplier = null, string? Currency = null, int Limit = 50, int Offset = 0);

// What the Web sends: the shapes of WellWon.Finance's request records.

public sealed record BankDetailsBody(string? Account, string? Iban, string? Swift, string? BankName);

public sealed record SupplierBody(Guid? CompanyId, string? Name, string? Country, string? Address, BankDetailsBody? Bank);

public sealed record OrderLineBody(string? Description, decimal Quantity, string? Unit, decimal UnitPrice, string? Sku, string? HsCode);

public sealed record PaymentTermsBody(decimal PrepaymentPercent, int PrepaymentDays, string BalanceBasis, int BalanceDays);

public sealed record ImportContractBody(string? Number, DateOnly Date, string? Currency, decimal Amount, string? BankRegistrationNumber);

public sealed record PurchaseOrderBody(
    Guid CompanyId,
    SupplierBody Supplier,
    string? Currency,
    IReadOnlyList<OrderLineBody> Lines,
    string? Incoterm,
    string? IncotermPlace,
    PaymentTermsBody PaymentTerms,
    ImportContractBody? Contract,
    DateOnly? ExpectedDelivery);

public sealed record LinkShipmentLineBody(int LineNo, Guid ShipmentId, Guid CargoLineId, decimal Quantity);

/// <summary>Purchase orders' endpoints, <c>/api/finance/purchase-orders/*</c>, as the signed-in user.</summary>
public sealed class PurchaseOrdersApi(HttpClient http)
{
    private const string Root = "/api/finance/purchase-orders";

    public Task<ApiResult<PurchaseOrderPageView>> ListAsync(Guid companyId, PurchaseOrderQuery query, CancellationToken ct) =>
        http.GetAsync<PurchaseOrderPageView>(ListPath(companyId, query), ct);

    public Task<ApiResult<PurchaseOrderDetails>> GetAsync(Guid id, CancellationToken ct) =>
        http.GetAsync<PurchaseOrderDetails>($"{Root}/{id}", ct);

    public Task<ApiResult<PurchaseOrderDetails>> CreateAsync(PurchaseOrderBody body, CancellationToken ct) =>
        http.SendJsonAsync<PurchaseOrderDetails>(HttpMethod.Post, Root, body, ct);

    public Task<ApiResult<PurchaseOrderDetails>> UpdateAsync(Guid id, PurchaseOrderBody body, CancellationToken ct) =>
        http.SendJsonAsync<PurchaseOrderDetails>(HttpMethod.Put, $"{Root}/{id}", body, ct);

    /// <summary><c>approve</c>, <c>send</c> or <c>close</c>: a move without a body.</summary>
    public Task<ApiResult<PurchaseOrderDetails>> MoveAsync(Guid id, string action, CancellationToken ct) =>
        http.SendJsonAsync<PurchaseOrderDetails>(HttpMethod.Post, $"{Root}/{id}/{action}", null, ct);

    public Task<ApiResult<PurchaseOrderDetails>> ConfirmAsync(Guid id, string? supplierReference, CancellationToken ct) =>
        http.SendJsonAsync<PurchaseOrderDetails>(HttpMethod.Post, $"{Root}/{id}/confirm", new { supplierReference }, ct);

    public Task<ApiResult<PurchaseOrderDetails>> CancelAsync(Guid id, string? reason, CancellationToken ct) =>
        http.SendJsonAsync<PurchaseOrderDetails>(HttpMethod.Post, $"{Root}/{id}/cancel", new { reason }, ct);

    public Task<ApiResult<PurchaseOrderDetails>> LinkAsync(Guid id, LinkShipmentLineBody body, CancellationToken ct) =>
        http.SendJsonAsync<PurchaseOrderDetails>(HttpMethod.Post, $"{Root}/{id}/links", body, ct);

    public Task<ApiResult<ApprovalSettingsView>> SettingsAsync(Guid companyId, CancellationToken ct) =>
        http.GetAsync<ApprovalSettingsView>($"{Root}/settings?companyId={companyId}", ct);

    public Task<ApiResult<ApprovalSettingsView>> SetSettingsAsync(Guid companyId, decimal? managerLimitRub, CancellationToken ct) =>
        http.SendJsonAsync<ApprovalSettingsView>(HttpMethod.Put, $"{Root}/settings", new { companyId, managerLimitRub }, ct);

    public static string ListPath(Guid companyId, PurchaseOrderQuery q) =>
        $"{Root}?companyId={companyId}"
        + (q.Status is null ? "" : "&status=" + Uri.EscapeDataString(q.Status))
        + (string.IsNullOrWhiteSpace(q.Supplier) ? "" : "&supplier=" + Uri.EscapeDataString(q.Supplier.Trim()))
        + (q.Currency is null ? "" : "&currency=" + Uri.EscapeDataString(q.Currency))
        + "&limit=" + q.Limit.ToString(CultureInfo.InvariantCulture) + "&offset=" + q.Offset.ToString(CultureInfo.InvariantCulture);
}
