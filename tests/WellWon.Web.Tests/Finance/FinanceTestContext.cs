using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Web.Tests.Logistics;

namespace WellWon.Web.Tests.Finance;

/// <summary>The company screens' signed-in context, with the problem details the ledger and purchase orders answer.</summary>
public abstract class FinanceTestContext : LogisticsTestContext
{
    /// <summary>Where the circuit is (query parameters included): a page reads its query from here.</summary>
    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    protected static string Problem(int status, string code, string detail, string? field = null, string? account = null, Dictionary<string, string[]>? errors = null) =>
        ToJson(new
        {
            status, title = "Refused", detail, code, field, account,
            errors = errors ?? (field is null ? [] : new Dictionary<string, string[]> { [field] = [detail] }),
        });
}
