using Mediator;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.ReadModel;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Customs.Features;

/// <summary>The stored calculation sheet, every line with base, rate, formula and amount (<c>GET /api/customs/declarations/{id}/calculation</c>).</summary>
public sealed record GetDeclarationCalculation(Guid DeclarationId, Guid UserId) : IQuery<CalculationSheet>, IRequireAuthenticatedUser;

public sealed class GetDeclarationCalculationHandler(DeclarationReader reader, ICompanyAccess access) : IQueryHandler<GetDeclarationCalculation, CalculationSheet>
{
    public async ValueTask<CalculationSheet> Handle(GetDeclarationCalculation query, CancellationToken cancellationToken)
    {
        var (state, _, _, _) = await reader.GetAsync(query.DeclarationId, cancellationToken) ?? throw CustomsErrors.DeclarationNotFound(query.DeclarationId);
        await DeclarationWrites.RequireAsync(access, query.UserId, state.CompanyId, query.DeclarationId, CompanyRole.Viewer, cancellationToken);
        return state.Calculation ?? throw new NotFoundException(CustomsErrors.NotCalculated, $"Declaration {query.DeclarationId} has not been calculated yet.");
    }
}
