using FluentValidation;
using Mediator;
using WellWon.Logistics.Carriers;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

/// <summary>
/// The carriers a company may use (<c>GET /api/carriers?companyId=</c>): its own by code (retired ones too), then the built-in ones
/// whose code none of its active carriers has. For its participants; anyone else is told the company does not exist.
/// </summary>
public sealed record ListCarriers(Guid UserId, Guid? CompanyId) : IQuery<CarrierList>, IRequireAuthenticatedUser;

public sealed class ListCarriersValidator : AbstractValidator<ListCarriers>
{
    public ListCarriersValidator() => RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose carriers to list (companyId).");
}

public sealed class ListCarriersHandler(CarrierDirectory directory, ICompanyAccess access) : IQueryHandler<ListCarriers, CarrierList>
{
    public async ValueTask<CarrierList> Handle(ListCarriers query, CancellationToken cancellationToken)
    {
        var companyId = query.CompanyId!.Value;
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        return new CarrierList(await directory.ListAsync(companyId, cancellationToken));
    }
}
