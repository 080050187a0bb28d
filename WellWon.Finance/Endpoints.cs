using Microsoft.AspNetCore.Routing;
using WellWon.Finance.Invoices;
using WellWon.Finance.Ledger;
using WellWon.Finance.Payments;
using WellWon.Finance.PurchaseOrders;
using WellWon.Finance.Receivables;
using WellWon.Finance.Reports;

namespace WellWon.Finance;

/// <summary>Finance's HTTP API under <c>/api/finance</c>: the ledger, purchase orders, supplier invoices, payment orders, receivables and the reports.</summary>
public static class FinanceEndpoints
{
    public static IEndpointRouteBuilder MapFinanceEndpoints(this IEndpointRouteBuilder app) =>
        app.MapLedgerEndpoints().MapPurchaseOrderEndpoints().MapInvoiceEndpoints().MapPaymentEndpoints().MapReportEndpoints().MapReceivableEndpoints();
}
