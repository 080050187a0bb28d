using Mediator;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Invoices.ReadModel;
using WellWon.Finance.PurchaseOrders;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Invoices.Features;

public sealed record ApproveDifferenceRequest(string? Comment);

/// <summary>
/// A manager (up to the company's purchase order approval limit, in roubles at the central bank's rate of the day) or an admin
/// accepts a held invoice's difference with a comment; the invoice is approved and posted to the ledger.
/// </summary>
public sealed record ApproveInvoiceDifference(Guid UserId, Guid InvoiceId, string? Comment) : ICommand<InvoiceView>, IRequireAuthenticatedUser;

public sealed class ApproveInvoiceDifferenceHandler(InvoiceWrites writes, IAggregateStore store, IOfficialRates rates)
    : ICommandHandler<ApproveInvoiceDifference, InvoiceView>
{
    public async ValueTask<InvoiceView> Handle(ApproveInvoiceDifference command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.InvoiceId, command.UserId, CompanyRole.Manager, async (invoice, role, now, token) =>
        {
            var s = invoice.State;
            var rub = s.Total;
            if (role == CompanyRole.Manager && s.Currency != Currencies.Rub)
            {
                var day = PaymentSchedule.DayOf(now);
                var rate = await rates.RubPerUnitAsync(s.Currency, day, token)
                    ?? throw InvoiceRuleException.Rule("currency", InvoiceErrors.RateUnavailable,
                        $"The central bank's rate of {s.Currency} on {day:yyyy-MM-dd} is not available; a manager's approval needs it to compare the total with the limit.");
                rub = Currencies.Round(s.Total * rate.RubPerUnit, Currencies.Rub);
            }

            var limit = (await store.TryLoadAsync<PurchaseOrderPolicy>(s.CompanyId, token))?.State.ManagerLimitRub;
            invoice.ApproveDifference(new DifferenceApproval(command.UserId, role, limit, rub, command.Comment), now);
        }, cancellationToken);
}
