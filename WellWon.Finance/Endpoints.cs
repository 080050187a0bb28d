using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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

    /// <summary>A group of Finance's routes: signed-in users, tagged Finance, documented as answering 401, 404 and validation problems.</summary>
    internal static RouteGroupBuilder MapFinanceGroup(this IEndpointRouteBuilder app, string root) =>
        app.MapGroup(root)
            .WithTags("Finance")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();
}
