using Microsoft.AspNetCore.Routing;
using WellWon.Finance.Ledger;

namespace WellWon.Finance;

/// <summary>Finance's HTTP API under <c>/api/finance</c>: the ledger now; purchase orders and invoices map theirs here too.</summary>
public static class FinanceEndpoints
{
    public static IEndpointRouteBuilder MapFinanceEndpoints(this IEndpointRouteBuilder app) => app.MapLedgerEndpoints();
}
