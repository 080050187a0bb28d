using System.Text.Json;

namespace WellWon.Web.Api;

// Invoices to clients as WellWon.Api answers them (FINANCE-API: /api/finance/receivables), read by name.

public sealed record ReceivableClient(Guid? CompanyId, string Name, string? TaxId);

public sealed record ReceivableLine(string Description, decimal Quantity, decimal UnitPrice, int VatRate, Guid? ShipmentId);

/// <summary>A payment the client made against the invoice, and the ledger entry it was booked as.</summary>
public sealed record ReceivableReceipt(Guid ReceiptId, decimal Amount, DateOnly ReceivedOn, string? Reference, DateTimeOffset? RecordedAt = null, Guid? EntryId = null);

/// <summary>An invoice to a client: a draft has no number; issuing gives it the next one of the company's year; receipts pay it.</summary>
public sealed record ReceivableDetails(
    Guid Id, string? Number, string Status, ReceivableClient Client, string Currency, DateOnly? IssueDate, DateOnly DueDate,
    IReadOnlyList<ReceivableLine> Lines, decimal? Net = null, decimal? Vat = null, decimal? Total = null, string? CancelReason = null,
    decimal? Paid = null, decimal? Open = null, IReadOnlyList<ReceivableReceipt>? Receipts = null);

/// <summary>A payment received: <see cref="ReceiptId"/> is chosen once per dialog, so a send repeated after a lost answer records it once.</summary>
public sealed record ReceiptBody(Guid CompanyId, Guid ReceiptId, decimal Amount, DateOnly ReceivedOn, string? Reference);

public sealed record ReceivableBody(
    Guid CompanyId, Guid InvoiceId, ReceivableClient Client, string Currency, DateOnly? IssueDate, DateOnly DueDate, IReadOnlyList<ReceivableLine> Lines);

/// <summary>Invoices to clients, <c>/api/finance/receivables/*</c>: drafted, issued (numbered then), paid by receipts, or cancelled.</summary>
public sealed class ReceivablesApi(HttpClient http)
{
    private const string Root = "/api/finance/receivables";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The company's invoices to clients, whether the list comes bare or as a page (<c>{ items, total }</c>).</summary>
    public async Task<ApiResult<IReadOnlyList<ReceivableDetails>>> ListAsync(Guid companyId, CancellationToken ct)
    {
        var answer = await http.GetAsync<JsonElement>($"{Root}?companyId={companyId}", ct);
        if (!answer.Succeeded)
        {
            return ApiResult.Failed<IReadOnlyList<ReceivableDetails>>(answer.Problem);
        }

        var items = answer.Value.ValueKind == JsonValueKind.Object && answer.Value.TryGetProperty("items", out var page) ? page : answer.Value;
        return ApiResult.Ok<IReadOnlyList<ReceivableDetails>>(items.Deserialize<List<ReceivableDetails>>(Json) ?? []);
    }

    public Task<ApiResult<ReceivableDetails>> GetAsync(Guid companyId, Guid id, CancellationToken ct) =>
        http.GetAsync<ReceivableDetails>($"{Root}/{id}?companyId={companyId}", ct);

    public Task<ApiResult<ReceivableDetails>> CreateAsync(ReceivableBody body, CancellationToken ct) =>
        http.SendJsonAsync<ReceivableDetails>(HttpMethod.Post, Root, body, ct);

    public Task<ApiResult<ReceivableDetails>> IssueAsync(Guid companyId, Guid id, CancellationToken ct) =>
        http.SendJsonAsync<ReceivableDetails>(HttpMethod.Post, $"{Root}/{id}/issue", new { companyId }, ct);

    public Task<ApiResult<ReceivableDetails>> RecordPaymentAsync(Guid id, ReceiptBody body, CancellationToken ct) =>
        http.SendJsonAsync<ReceivableDetails>(HttpMethod.Post, $"{Root}/{id}/payments", body, ct);

    public Task<ApiResult<ReceivableDetails>> CancelAsync(Guid companyId, Guid id, string? reason, CancellationToken ct) =>
        http.SendJsonAsync<ReceivableDetails>(HttpMethod.Post, $"{Root}/{id}/cancel", new { companyId, reason }, ct);
}
