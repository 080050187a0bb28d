using Microsoft.AspNetCore.Routing;
using WellWon.Finance.Invoices;
using WellWon.Finance.Ledger;
using WellWon.Finance.Payments;
using WellWon.Finance.PurchaseOrders;

namespace WellWon.Finance;

/// <summary>Finance's HTTP API under <c>/api/finance</c>: the ledger, purchase orders, supplier invoices and payment orders.</summary>
public static class FinanceEndpoints
{
    public static IEndpointRouteBuilder MapFinanceEndpoints(this IEndpointRouteBuilder app) => app.MapLedgerEndpoints().MapPurchaseOrderEndpoints().MapInvoiceEndpoints().MapPaymentEndpoints();
}
