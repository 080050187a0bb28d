using FluentValidation;
using Mediator;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.PurchaseOrders.Features;

/// <summary>A participant (member or above) of the company opens a purchase order as a draft; it gets the company's next number.</summary>
public sealed record CreatePurchaseOrder(Guid UserId, PurchaseOrderRequest Order) : ICommand<PurchaseOrderView>, IRequireAuthenticatedUser;

public sealed class CreatePurchaseOrderValidator : AbstractValidator<CreatePurchaseOrder>
{
    public CreatePurchaseOrderValidator() => RuleFor(x => x.Order.CompanyId).NotEmpty().OverridePropertyName("companyId");
}

/// <summary>
/// Checks the caller and the terms before a number is reserved (so a refused PO takes no number), reserves the company's next number
/// for the new id, writes the stream, then confirms the number; a failed write gives the number back.
/// </summary>
public sealed class CreatePurchaseOrderHandler(
    IAggregateStore store, ICompanyAccess access, PurchaseOrderNumbers numbers, RequestContext context, TimeProvider clock)
    : ICommandHandler<CreatePurchaseOrder, PurchaseOrderView>
{
    public async ValueTask<PurchaseOrderView> Handle(CreatePurchaseOrder command, CancellationToken cancellationToken)
    {
        var companyId = command.Order.CompanyId;
        await access.RequireAsync(command.UserId, companyId, CompanyRole.Member, cancellationToken);
        var terms = PurchaseOrder.Check(command.Order.ToTerms());
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7();
        var year = now.UtcDateTime.Year;
        context.TenantId = companyId;
        var number = await numbers.ReserveAsync(companyId, year, id, cancellationToken);
        var order = PurchaseOrder.Create(id, companyId, PurchaseOrderNumbers.Format(year, number), terms, command.UserId, now);
        try
        {
            await store.SaveAsync(order, cancellationToken);
        }
        catch (Exception)
        {
            // Whether the append happened is settled by the stream itself; a number is given back only if it did not.
            await SettleAsync(() => numbers.GiveBackAsync(id, CancellationToken.None));
            throw;
        }

        await SettleAsync(() => numbers.ConfirmAsync(id, CancellationToken.None));
        return PurchaseOrderView.Of(id, order.State, order.OriginalVersion);
    }

    // The PO's outcome is decided by its stream; bookkeeping that fails here is settled by the next reservation after the timeout.
    private static async Task SettleAsync(Func<Task> bookkeeping)
    {
        try
        {
            await bookkeeping();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
        }
    }
}
