using FluentValidation;
using Mediator;
using WellWon.Finance.Ledger.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Ledger.Features;

/// <summary>The trial balance per currency as of a moment (<c>GET /api/finance/ledger/trial-balance?companyId=&amp;asOf=</c>); participants only.</summary>
public sealed record GetTrialBalance(Guid UserId, Guid? CompanyId, DateTimeOffset? AsOf = null) : IQuery<TrialBalance>, IRequireAuthenticatedUser;

public sealed class GetTrialBalanceValidator : AbstractValidator<GetTrialBalance>
{
    public GetTrialBalanceValidator() => RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose ledger to read (companyId).");
}

public sealed class GetTrialBalanceHandler(LedgerReader reader, ICompanyAccess access, TimeProvider clock) : IQueryHandler<GetTrialBalance, TrialBalance>
{
    public async ValueTask<TrialBalance> Handle(GetTrialBalance query, CancellationToken cancellationToken)
    {
        var companyId = query.CompanyId!.Value;
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        return await reader.TrialBalanceAsync(companyId, query.AsOf ?? clock.GetUtcNow(), cancellationToken);
    }
}
