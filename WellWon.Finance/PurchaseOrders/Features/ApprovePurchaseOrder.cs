using Mediator;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.PurchaseOrders.Features;

/// <summary>
/// A manager approves a draft up to the company's limit in roubles at the central bank's rate of the day, an admin or the owner any
/// amount (members and viewers 403). Who approved, in which role and at which rate is recorded, and the PO's total is committed on its
/// import contract, which refuses what it has not left.
/// </summary>
public sealed record ApprovePurchaseOrder(Guid UserId, Guid PurchaseOrderId) : ICommand<PurchaseOrderView>, IRequireAuthenticatedUser;

public sealed class ApprovePurchaseOrderHandler(PurchaseOrderWrites writes, IAggregateStore store, IOfficialRates rates)
    : ICommandHandler<ApprovePurchaseOrder, PurchaseOrderView>
{
    public async ValueTask<PurchaseOrderView> Handle(ApprovePurchaseOrder command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.PurchaseOrderId, command.UserId, CompanyRole.Manager, async (order, role, now, token) =>
        {
            var terms = order.State.Terms!;
            var today = PaymentSchedule.DayOf(now);
            var (rate, rateDate) = await RateAsync(terms.Currency, today, "currency", token);
            var contractRate = terms.Contract is { } contract && order.State.Status == PurchaseOrderStatuses.Draft
                ? (await RateAsync(contract.Currency, contract.Date, "contract.date", token)).Rate
                : 1m;
            var limit = (await store.TryLoadAsync<PurchaseOrderPolicy>(order.State.CompanyId, token))?.State.ManagerLimitRub;
            var approved = order.Approve(new ApprovalInput(command.UserId, role, limit, rate, rateDate, contractRate), now);
            // Committed first: a PO whose save then fails leaves a commitment its retry finds again, never an approval over the contract.
            await writes.OnContractAsync(order.State.CompanyId, terms.Contract!.Number, c => c.Commit(order.State.CompanyId, terms.Contract!, order.Id, approved.Total.Amount, now), token);
        }, cancellationToken);

    private async Task<(decimal Rate, DateOnly RatesDate)> RateAsync(string currency, DateOnly day, string field, CancellationToken ct)
    {
        if (currency == Currencies.Rub)
        {
            return (1m, day);
        }

        return await rates.RubPerUnitAsync(currency, day, ct) is { } rate
            ? (rate.RubPerUnit, rate.RatesDate)
            : throw PurchaseOrderRuleException.Rule(field, PurchaseOrderErrors.RateUnavailable,
                $"The central bank's rate of {currency} on {day:yyyy-MM-dd} is not available; approval needs it to compare the total with the limits. Try again later.");
    }
}
