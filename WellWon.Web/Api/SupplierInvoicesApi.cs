using System.Globalization;

namespace WellWon.Web.Api;

// Supplier invoices as WellWon.Api answers them (WellWon.Finance's InvoiceView, InvoiceSummary, InvoicePage), read by name.

public sealed record SupplierInvoiceLineView(int PoLineNo, decimal Quantity, decimal UnitPrice, decimal Amount);

public sealed record ServiceInvoiceLineView(Guid? ShipmentId, string Description, decimal Amount);

public sealed record MatchMismatchView(string Reason, string Message);

public sealed record LineMatchView(int PoLineNo, decimal Received, IReadOnlyList<MatchMismatchView> Mismatches)
{
    public bool Matched => Mismatches.Count == 0;
}

public sealed record InvoiceApprovalView(bool Automatic, Guid? ApprovedBy, string? ApproverRole, string? Comment, decimal? RubEquivalent, DateTimeOffset ApprovedAt);

public sealed record SupplierInvoiceDetails(
    Guid Id, Guid CompanyId, string Kind, string Status, Guid? PurchaseOrderId, string? PurchaseOrderNumber, Guid SupplierId, string SupplierName,
    string Number, DateOnly InvoiceDate, string Currency, IReadOnlyList<SupplierInvoiceLineView> Lines, IReadOnlyList<ServiceInvoiceLineView> ServiceLines,
    decimal Net, decimal Vat, decimal Total, DateOnly DueDate, Guid? SourceDocumentId, IReadOnlyList<LineMatchView> Match,
    InvoiceApprovalView? Approval, string? RejectReason, string? CancelReason, DateTimeOffset ReceivedAt, DateTimeOffset UpdatedAt, long Version,
    decimal Paid, decimal Open);

public sealed record SupplierInvoiceSummary(
    Guid Id, string Kind, string Status, string Number, Guid SupplierId, string SupplierName, Guid? PurchaseOrderId, string Currency, decimal Total,
    DateOnly InvoiceDate, DateOnly DueDate, DateTimeOffset UpdatedAt, decimal Paid, decimal Open);

public sealed record SupplierInvoicePageView(IReadOnlyList<SupplierInvoiceSummary> Items, long Total);

/// <summary>What the inbox is narrowed by; null members are not sent.</summary>
public sealed record SupplierInvoiceQuery(string? Status = null, string? Supplier = null, Guid? PurchaseOrderId = null, int Limit = 50, int Offset = 0);

// What the Web sends: WellWon.Finance's SupplierInvoiceRequest.

public sealed record InvoiceLineBody(int PoLineNo, decimal Quantity, decimal UnitPrice, decimal Amount);

public sealed record SupplierInvoiceBody(
    Guid PurchaseOrderId, string? Number, DateOnly InvoiceDate, string? Currency, IReadOnlyList<InvoiceLineBody> Lines, decimal Vat, decimal? Total);

// What the Web sends for a service invoice entered by hand: WellWon.Finance's ServiceInvoiceRequest.

public sealed record ServiceSupplierBody(Guid? CompanyId, string? Name, string? Country);

public sealed record ServiceLineBody(string? Description, decimal Amount, Guid? ShipmentId);

/// <summary><see cref="InvoiceId"/> is chosen once per form, so a repeated save answers the invoice the first one made.</summary>
public sealed record ServiceInvoiceBody(
    Guid CompanyId, Guid InvoiceId, ServiceSupplierBody Supplier, string? Number, DateOnly InvoiceDate, DateOnly DueDate, string? Currency,
    IReadOnlyList<ServiceLineBody> Lines, decimal Vat, decimal? Total);

/// <summary>Supplier invoices' endpoints, <c>/api/finance/invoices/*</c>, as the signed-in user.</summary>
public sealed class SupplierInvoicesApi(HttpClient http)
{
    private const string Root = "/api/finance/invoices";

    public Task<ApiResult<SupplierInvoicePageView>> ListAsync(Guid companyId, SupplierInvoiceQuery query, CancellationToken ct) =>
        http.GetAsync<SupplierInvoicePageView>(ListPath(companyId, query), ct);

    public Task<ApiResult<SupplierInvoiceDetails>> GetAsync(Guid id, CancellationToken ct) =>
        http.GetAsync<SupplierInvoiceDetails>($"{Root}/{id}", ct);

    public Task<ApiResult<SupplierInvoiceDetails>> CreateAsync(SupplierInvoiceBody body, CancellationToken ct) =>
        http.SendJsonAsync<SupplierInvoiceDetails>(HttpMethod.Post, Root, body, ct);

    /// <summary>A forwarder's, broker's or warehouse's invoice entered by hand: approved and posted as entered.</summary>
    public Task<ApiResult<SupplierInvoiceDetails>> CreateServiceAsync(ServiceInvoiceBody body, CancellationToken ct) =>
        http.SendJsonAsync<SupplierInvoiceDetails>(HttpMethod.Post, $"{Root}/services", body, ct);

    /// <summary>Accepts a held invoice's difference; the comment is required (the server says so at <c>comment</c>).</summary>
    public Task<ApiResult<SupplierInvoiceDetails>> ApproveAsync(Guid id, string? comment, CancellationToken ct) =>
        http.SendJsonAsync<SupplierInvoiceDetails>(HttpMethod.Post, $"{Root}/{id}/approve", new { comment }, ct);

    /// <summary><c>reject</c> or <c>cancel</c> with the reason.</summary>
    public Task<ApiResult<SupplierInvoiceDetails>> CloseAsync(Guid id, string action, string? reason, CancellationToken ct) =>
        http.SendJsonAsync<SupplierInvoiceDetails>(HttpMethod.Post, $"{Root}/{id}/{action}", new { reason }, ct);

    public static string ListPath(Guid companyId, SupplierInvoiceQuery q) =>
        $"{Root}?companyId={companyId}"
        + (q.Status is null ? "" : "&status=" + Uri.EscapeDataString(q.Status))
        + (string.IsNullOrWhiteSpace(q.Supplier) ? "" : "&supplier=" + Uri.EscapeDataString(q.Supplier.Trim()))
        + (q.PurchaseOrderId is { } po ? "&purchaseOrderId=" + po : "")
        + "&limit=" + q.Limit.ToString(CultureInfo.InvariantCulture) + "&offset=" + q.Offset.ToString(CultureInfo.InvariantCulture);
}
