using FluentValidation;
using Mediator;
using WellWon.Finance.Ledger.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Ledger.Features;

/// <summary>
/// A company's accounts with posted, pending and available balances, now or as of a moment
/// (<c>GET /api/finance/ledger/accounts?companyId=</c>, <c>GET /api/finance/ledger/balances?companyId=&amp;asOf=</c>); participants only.
/// </summary>
public sealed record GetBalances(Guid UserId, Guid? CompanyId, DateTimeOffset? AsOf = null) : IQuery<LedgerBalances>, IRequireAuthenticatedUser;

public sealed class GetBalancesValidator : AbstractValidator<GetBalances>
{
    public GetBalancesValidator() => RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose ledger to read (companyId).");
}

public sealed class GetBalancesHandler(LedgerReader reader, ICompanyAccess access) : IQueryHandler<GetBalances, LedgerBalances>
{
    public async ValueTask<LedgerBalances> Handle(GetBalances query, CancellationToken cancellationToken)
    {
        var companyId = query.CompanyId!.Value;
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        return new LedgerBalances(query.AsOf, await reader.BalancesAsync(companyId, query.AsOf, cancellationToken));
    }
}
