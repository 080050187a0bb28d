using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Finance.PurchaseOrders;
using WellWon.Tests;

namespace WellWon.Finance.Tests.Http;

/// <summary>The real WellWon.Api on a database and Redis prefix of its own (<see cref="ApiTestHost"/>), with official rates the tests set.</summary>
public class FinanceApiFactory() : ApiTestHost("finance")
{
    /// <summary>The official rates the Api's Finance reads (the ledger values foreign lines in roubles with them).</summary>
    public TestOfficialRates Rates { get; } = new();

    // Snapshots often, so the ledger's loads go through them in every test.
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("AggregateStore:SnapshotEvery", "10"), .. MoreSettings()];

    /// <summary>Settings a derived host adds to (or overrides in) the ones above.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> MoreSettings() => [];

    /// <summary>The test's services: by default the official rates of <see cref="Rates"/>.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) => services.AddSingleton<IOfficialRates>(Rates);

    protected override void ConfigureHost(IWebHostBuilder builder) => builder.ConfigureTestServices(ConfigureServices);
}
