using FluentValidation;
using Mediator;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

public sealed record WarehouseList(IReadOnlyList<WarehouseSummary> Items);

/// <summary>A company's warehouses by name (<c>GET /api/warehouses?companyId=</c>), for its participants; anyone else is told the company does not exist.</summary>
public sealed record ListWarehouses(Guid UserId, Guid? CompanyId) : IQuery<WarehouseList>, IRequireAuthenticatedUser;

public sealed class ListWarehousesValidator : AbstractValidator<ListWarehouses>
{
    public ListWarehousesValidator() => RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose warehouses to list (companyId).");
}

public sealed class ListWarehousesHandler(WarehouseReader reader, ICompanyAccess access) : IQueryHandler<ListWarehouses, WarehouseList>
{
    public async ValueTask<WarehouseList> Handle(ListWarehouses query, CancellationToken cancellationToken)
    {
        var companyId = query.CompanyId!.Value;
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        return new WarehouseList(await reader.ListAsync(companyId, cancellationToken));
    }
}
