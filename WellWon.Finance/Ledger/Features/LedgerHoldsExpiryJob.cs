using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WellWon.Finance.Ledger.ReadModel;
using WellWon.Platform.Scheduling;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Ledger.Features;

public sealed class LedgerHoldsOptions
{
    public const string Section = "Finance:Ledger:Holds";

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Companies whose expired holds one run releases at most; the next run takes the rest.</summary>
    public int CompaniesPerRun { get; set; } = 200;
}

/// <summary>
/// Releases holds past their timeout (data-sync role): the journal names the companies with such holds, and each company's ledger
/// records their expiry through the aggregate, as of each hold's timeout. Decisions expire holds lazily anyway; this makes the
/// pending balances that are read show it without waiting for the next write.
/// </summary>
public sealed class LedgerHoldsExpiryJob(LedgerReader reader, TimeProvider clock, IOptions<LedgerHoldsOptions> options) : IScheduledJob
{
    public string Name => "finance.ledger-holds-expiry";

    public TimeSpan Interval => options.Value.Interval;

    public async Task RunAsync(JobContext context, CancellationToken ct)
    {
        var companies = await reader.CompaniesWithExpiredHoldsAsync(clock.GetUtcNow(), options.Value.CompaniesPerRun, ct);
        if (companies.Count == 0)
        {
            context.Skip("no hold has expired");
            return;
        }

        var writes = context.Services.GetRequiredService<LedgerWrites>();
        var expired = 0;
        foreach (var companyId in companies)
        {
            expired += await ExpireAsync(writes, companyId, ct);
        }

        context.Summary["companies"] = companies.Count;
        context.Summary["expired"] = expired;
    }

    /// <summary>Records the expiry of the company's holds that are past their timeout; answers how many.</summary>
    public static Task<int> ExpireAsync(LedgerWrites writes, Guid companyId, CancellationToken ct) =>
        writes.ChangeAsync(companyId, userId: null, CompanyRole.Viewer, (ledger, now) => ledger.ExpireDue(now), ct);
}
