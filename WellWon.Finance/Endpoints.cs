using Microsoft.AspNetCore.Routing;
using WellWon.Finance.Ledger;
using WellWon.Finance.PurchaseOrders;

namespace WellWon.Finance;

/// <summary>Finance's HTTP API under <c>/api/finance</c>: the ledger now; purchase orders and invoices map theirs here too.</summary>
public static class FinanceEndpoints
{
    public static IEndpointRouteBuilder MapFinanceEndpoints(this IEndpointRouteBuilder app) => app.MapLedgerEndpoints().MapPurchaseOrderEndpoints();
}
