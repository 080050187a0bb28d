using System.Globalization;

namespace WellWon.Web.Api;

// Payment orders as WellWon.Api answers them (FINANCE-API: PaymentOrderSummary, PaymentOrderView), read by name.

public sealed record PaymentPurposeView(string Kind, Guid Id, string? Label);

public sealed record BeneficiaryView(string? Name, string? Account, string? Swift, string? BankName, string? Country);

public sealed record PaymentQuoteView(Guid QuoteId, decimal BankRate, decimal OfficialRate, decimal SpreadRub, decimal RubAmount, DateTimeOffset ValidUntil);

public sealed record PaymentFailureView(string Step, string Reason);

public sealed record PaymentStepView(string Step, string Status, DateTimeOffset? At, string? Detail);

public sealed record PaymentOrderSummary(
    Guid Id, string Number, PaymentPurposeView Purpose, string BeneficiaryName, decimal Amount, string Currency, decimal? RubAmount, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

public sealed record PaymentOrderDetails(
    Guid Id, string Number, PaymentPurposeView Purpose, string BeneficiaryName, decimal Amount, string Currency, decimal? RubAmount, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, BeneficiaryView Beneficiary, string? PurposeText, string? ContractRegistrationNumber,
    PaymentQuoteView? Quote, string? BankReference, PaymentFailureView? Failure, IReadOnlyList<PaymentStepView> Steps);

public sealed record PaymentOrderPageView(IReadOnlyList<PaymentOrderSummary> Items, long Total);

// What the Web sends.

public sealed record PaymentPurposeBody(string Kind, Guid Id);

public sealed record BeneficiaryBody(string? Name, string? Account, string? Swift, string? BankName, string? Country);

public sealed record PaymentOrderBody(
    Guid CompanyId, Guid PaymentOrderId, PaymentPurposeBody Purpose, BeneficiaryBody Beneficiary, decimal Amount, string Currency, string? PurposeText,
    string? ContractRegistrationNumber);

/// <summary>Payment orders' endpoints, <c>/api/finance/payments/*</c>, as the signed-in user.</summary>
public sealed class PaymentsApi(HttpClient http)
{
    private const string Root = "/api/finance/payments";

    public Task<ApiResult<PaymentOrderPageView>> ListAsync(Guid companyId, string? status, int limit, int offset, CancellationToken ct) =>
        http.GetAsync<PaymentOrderPageView>(
            $"{Root}?companyId={companyId}" + (status is null ? "" : "&status=" + Uri.EscapeDataString(status))
            + "&limit=" + limit.ToString(CultureInfo.InvariantCulture) + "&offset=" + offset.ToString(CultureInfo.InvariantCulture), ct);

    public Task<ApiResult<PaymentOrderDetails>> GetAsync(Guid companyId, Guid id, CancellationToken ct) =>
        http.GetAsync<PaymentOrderDetails>($"{Root}/{id}?companyId={companyId}", ct);

    /// <summary>Starts the order; the id is the idempotency key, so a repeated send after a lost answer gets the same order back.</summary>
    public Task<ApiResult<PaymentOrderDetails>> CreateAsync(PaymentOrderBody body, CancellationToken ct) =>
        http.SendJsonAsync<PaymentOrderDetails>(HttpMethod.Post, Root, body, ct);

    public Task<ApiResult<PaymentOrderDetails>> CancelAsync(Guid companyId, Guid id, CancellationToken ct) =>
        http.SendJsonAsync<PaymentOrderDetails>(HttpMethod.Post, $"{Root}/{id}/cancel", new { companyId }, ct);
}
