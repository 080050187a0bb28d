using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.PurchaseOrders;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Ledger.Features;

/// <summary>
/// How every ledger command writes. The caller must hold <c>atLeast</c> in the company (an outsider is told the company does not
/// exist, 404; a weaker role 403); the company becomes the events' tenant; the company's ledger stream is loaded, the aggregate
/// decides, and the events are appended with the loaded version as expected version. Writers of one company queue at a gate in
/// this process, so they rarely race; a writer of another process that wins the race makes the append fail, and the command is
/// decided again on the new state (balances and ids included), a bounded number of times. No decision is ever taken on stale state.
/// The official rates the ledger needs to value lines in roubles are fetched here, when it asks for them, never by the ledger itself;
/// a rate the central bank does not have is 422 <c>finance.ledger.rate-missing</c>.
/// </summary>
public sealed class LedgerWrites(IAggregateStore store, ICompanyAccess access, RequestContext context, TimeProvider clock, IOfficialRates rates)
{
    public const int Attempts = 10;

    /// <summary>Official rates one decision may fetch at most (a currency and a day each).</summary>
    public const int MaxRatesPerDecision = 32;

    // Striped, so the gates stay few whatever the number of companies; two companies sharing one only queue, never conflict.
    private static readonly SemaphoreSlim[] Gates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<T> ChangeAsync<T>(Guid companyId, Guid? userId, CompanyRole atLeast, Func<CompanyLedger, DateTimeOffset, T> decide, CancellationToken ct)
    {
        if (userId is { } user)
        {
            await access.RequireAsync(user, companyId, atLeast, ct);
        }

        context.TenantId = companyId;
        var known = new Dictionary<(string Currency, DateOnly Day), decimal>();
        var fetched = new HashSet<(string, DateOnly)>();
        var book = new OfficialRateBook((currency, day) => known.TryGetValue((currency, day), out var r) ? r : null);
        var gate = Gates[(int)((uint)companyId.GetHashCode() % (uint)Gates.Length)];
        await gate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var ledger = await store.TryLoadAsync<CompanyLedger>(companyId, ct);
                if (ledger is null && userId is null)
                {
                    // A business event (an approved invoice, a payment) posts to the company's books whether or not an admin
                    // opened them yet: it opens them with the importer's chart, as an admin would, and decides on that.
                    ledger = CompanyLedger.Open(companyId, clock.GetUtcNow());
                }

                if (ledger is not { Opened: true })
                {
                    throw LedgerErrors.LedgerNotOpened(companyId);
                }

                ledger.Rates = book;
                T result;
                try
                {
                    result = decide(ledger, clock.GetUtcNow());
                }
                catch (RateNeededException need) when (fetched.Add((need.Currency, need.Day)) && fetched.Count <= MaxRatesPerDecision)
                {
                    // The ledger asked for a rate it was not given: fetch it and decide again on a freshly loaded ledger.
                    var rate = await rates.RubPerUnitAsync(need.Currency, need.Day, ct) ?? throw need.Missing();
                    known[(need.Currency, need.Day)] = rate.RubPerUnit;
                    attempt--;
                    continue;
                }

                try
                {
                    await store.SaveAsync(ledger, ct);
                    return result;
                }
                catch (WrongExpectedVersionException) when (attempt < Attempts)
                {
                    // Another process appended first; a short random pause keeps two retrying writers from meeting again.
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), ct);
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Opens the company's ledger with its chart of accounts; an opened one is answered as it is (false).</summary>
    public async Task<bool> OpenAsync(Guid companyId, Guid userId, CancellationToken ct)
    {
        await access.RequireAsync(userId, companyId, CompanyRole.Admin, ct);
        context.TenantId = companyId;
        if (await store.TryLoadAsync<CompanyLedger>(companyId, ct) is { Opened: true })
        {
            return false;
        }

        try
        {
            await store.SaveAsync(CompanyLedger.Open(companyId, clock.GetUtcNow()), ct);
            return true;
        }
        catch (WrongExpectedVersionException)
        {
            // Opened at the same moment by another request: the ledger is there, which is what was asked.
            return false;
        }
    }
}
