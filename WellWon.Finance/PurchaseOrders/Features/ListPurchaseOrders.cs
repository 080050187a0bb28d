using FluentValidation;
using Mediator;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.PurchaseOrders.Features;

/// <summary>A company's purchase orders, newest first, narrowed by <see cref="Filter"/>; participants only.</summary>
public sealed record ListPurchaseOrders(Guid UserId, Guid? CompanyId, PurchaseOrderFilter Filter) : IQuery<PurchaseOrderPage>, IRequireAuthenticatedUser;

public sealed class ListPurchaseOrdersValidator : AbstractValidator<ListPurchaseOrders>
{
    public const int MaxLimit = 200;

    public ListPurchaseOrdersValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose purchase orders to list (companyId).");
        RuleFor(x => x.Filter.Status).Must(s => s is null || PurchaseOrderStatuses.All.Contains(s))
            .WithMessage($"'status' is one of: {string.Join(", ", PurchaseOrderStatuses.All.Order(StringComparer.Ordinal))}.").OverridePropertyName("status");
        RuleFor(x => x.Filter.Limit).InclusiveBetween(1, MaxLimit).OverridePropertyName("limit");
        RuleFor(x => x.Filter.Offset).GreaterThanOrEqualTo(0).OverridePropertyName("offset");
    }
}

public sealed class ListPurchaseOrdersHandler(PurchaseOrderReader reader, ICompanyAccess access) : IQueryHandler<ListPurchaseOrders, PurchaseOrderPage>
{
    public async ValueTask<PurchaseOrderPage> Handle(ListPurchaseOrders query, CancellationToken cancellationToken)
    {
        await access.RequireAsync(query.UserId, query.CompanyId!.Value, CompanyRole.Viewer, cancellationToken);
        return await reader.ListAsync(query.CompanyId.Value, query.Filter, cancellationToken);
    }
}
