using System.Globalization;

namespace WellWon.Web.Api;

// The company ledger as WellWon.Api answers it (WellWon.Finance's AccountBalance, AccountStatement, TrialBalance, EntryView), read by
// name: the Web references no context. Amounts are decimal all the way; a double would drift cents.

public sealed record LedgerAccountView(
    Guid Id,
    string Code,
    string Name,
    string Type,
    string Currency,
    bool DebitsMustNotExceedCredits,
    bool CreditsMustNotExceedDebits,
    Guid? PartyId,
    Guid? ShipmentId,
    decimal PostedDebits,
    decimal PostedCredits,
    decimal PendingDebits,
    decimal PendingCredits,
    decimal Posted,
    decimal Pending,
    decimal Available,
    decimal? RubEquivalent = null);

public sealed record LedgerBalancesView(DateTimeOffset? AsOf, IReadOnlyList<LedgerAccountView> Accounts);

public sealed record StatementLineView(
    Guid EntryId, string? Description, string? Cause, DateTimeOffset EffectiveAt, DateTimeOffset RecordedAt, decimal Debit, decimal Credit, decimal Balance, decimal? RubEquivalent = null);

public sealed record AccountStatementView(Guid AccountId, string Code, string Name, string Currency, long Total, int Limit, int Offset, IReadOnlyList<StatementLineView> Lines);

/// <summary>A trial balance line; <see cref="RubEquivalent"/> is its balance in roubles when the account is in another currency.</summary>
public sealed record TrialBalanceLineView(Guid AccountId, string Code, string Name, string Type, decimal Debit, decimal Credit, decimal? RubEquivalent = null);

public sealed record TrialBalanceCurrencyView(string Currency, IReadOnlyList<TrialBalanceLineView> Accounts, decimal TotalDebits, decimal TotalCredits, bool Balanced);

public sealed record TrialBalanceView(DateTimeOffset AsOf, IReadOnlyList<TrialBalanceCurrencyView> Currencies);

public sealed record JournalLineView(Guid AccountId, string? Code, string Side, decimal Amount, string Currency);

public sealed record JournalEntryView(
    Guid Id, string? Description, string? Cause, string Status, DateTimeOffset? EffectiveAt, DateTimeOffset? RecordedAt, DateTimeOffset? ExpiresAt,
    DateTimeOffset? ResolvedAt, Guid? Reverses, Guid? ReversedBy, Guid? BatchId, IReadOnlyList<JournalLineView> Lines);

public sealed record PostedEntries(IReadOnlyList<JournalEntryView> Entries, bool Replayed);

public sealed record ResolvedEntry(JournalEntryView Entry, bool Replayed);

public sealed record OpenedLedgerView(Guid CompanyId, bool Created);

// What the Web sends: the shapes of WellWon.Finance's request records.

public sealed record JournalLineBody(string Account, string Side, decimal Amount, string Currency);

public sealed record JournalEntryBody(Guid Id, string Description, IReadOnlyList<JournalLineBody> Lines, string? Cause = null);

public sealed record LedgerMoney(decimal Amount, string Currency);

public sealed record ConversionBody(
    Guid CompanyId, Guid Id, LedgerMoney Sold, LedgerMoney Bought, decimal MarketRate, string? FromAccount, string? ToAccount, string? Description);

/// <summary>The ledger's endpoints, <c>/api/finance/ledger/*</c>, as the signed-in user.</summary>
public sealed class LedgerApi(HttpClient http)
{
    private const string Root = "/api/finance/ledger";

    public Task<ApiResult<IReadOnlyList<LedgerAccountView>>> AccountsAsync(Guid companyId, CancellationToken ct) =>
        http.GetAsync<IReadOnlyList<LedgerAccountView>>($"{Root}/accounts?companyId={companyId}", ct);

    public Task<ApiResult<LedgerBalancesView>> BalancesAsync(Guid companyId, DateTimeOffset asOf, CancellationToken ct) =>
        http.GetAsync<LedgerBalancesView>($"{Root}/balances?companyId={companyId}&asOf={Instant(asOf)}", ct);

    public Task<ApiResult<TrialBalanceView>> TrialBalanceAsync(Guid companyId, DateTimeOffset? asOf, CancellationToken ct) =>
        http.GetAsync<TrialBalanceView>($"{Root}/trial-balance?companyId={companyId}" + (asOf is { } at ? "&asOf=" + Instant(at) : ""), ct);

    public Task<ApiResult<AccountStatementView>> StatementAsync(Guid companyId, string account, int limit, int offset, CancellationToken ct) =>
        http.GetAsync<AccountStatementView>(
            $"{Root}/accounts/{Uri.EscapeDataString(account)}/statement?companyId={companyId}&limit={limit}&offset={offset}", ct);

    public Task<ApiResult<OpenedLedgerView>> OpenAsync(Guid companyId, CancellationToken ct) =>
        http.SendJsonAsync<OpenedLedgerView>(HttpMethod.Post, Root, new { companyId }, ct);

    /// <summary>Posts one entry; a 422 names the line (<c>entries[0].lines[1]</c>) and the account it concerns.</summary>
    public Task<ApiResult<PostedEntries>> PostAsync(Guid companyId, JournalEntryBody entry, CancellationToken ct) =>
        http.SendJsonAsync<PostedEntries>(HttpMethod.Post, $"{Root}/entries", new { companyId, entries = new[] { entry } }, ct);

    public Task<ApiResult<ResolvedEntry>> ReverseAsync(Guid companyId, Guid entryId, Guid reversalId, string? description, CancellationToken ct) =>
        http.SendJsonAsync<ResolvedEntry>(HttpMethod.Post, $"{Root}/entries/{entryId}/reverse", new { companyId, reversalId, description }, ct);

    public Task<ApiResult<PostedEntries>> ConvertAsync(ConversionBody body, CancellationToken ct) =>
        http.SendJsonAsync<PostedEntries>(HttpMethod.Post, $"{Root}/conversions", body, ct);

    /// <summary>An instant for a query string: UTC, ISO 8601, escaped (a '+' would read as a space).</summary>
    public static string Instant(DateTimeOffset at) =>
        Uri.EscapeDataString(at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
