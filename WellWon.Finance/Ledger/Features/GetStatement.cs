using FluentValidation;
using Mediator;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Ledger.ReadModel;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Ledger.Features;

/// <summary>
/// An account's statement: posted lines oldest first with the running balance, paged
/// (<c>GET /api/finance/ledger/accounts/{account}/statement?companyId=&amp;from=&amp;to=&amp;limit=&amp;offset=</c>, account by id or code).
/// </summary>
public sealed record GetStatement(Guid UserId, Guid? CompanyId, string Account, DateTimeOffset? From = null, DateTimeOffset? To = null,
    int Limit = GetStatement.DefaultLimit, int Offset = 0) : IQuery<AccountStatement>, IRequireAuthenticatedUser
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}

public sealed class GetStatementValidator : AbstractValidator<GetStatement>
{
    public GetStatementValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose ledger to read (companyId).");
        RuleFor(x => x.Limit).InclusiveBetween(1, GetStatement.MaxLimit);
        RuleFor(x => x.Offset).GreaterThanOrEqualTo(0);
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null);
    }
}

public sealed class GetStatementHandler(LedgerReader reader, ICompanyAccess access) : IQueryHandler<GetStatement, AccountStatement>
{
    public async ValueTask<AccountStatement> Handle(GetStatement query, CancellationToken cancellationToken)
    {
        var companyId = query.CompanyId!.Value;
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        return await reader.StatementAsync(companyId, query.Account, query.From, query.To, query.Limit, query.Offset, cancellationToken)
            ?? throw new NotFoundException(LedgerErrors.AccountNotFound, $"The ledger has no account '{query.Account}'.");
    }
}
