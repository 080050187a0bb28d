using FluentValidation;
using Mediator;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Ledger.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Ledger.Features;

/// <summary>One entry of the journal with its status (<c>GET /api/finance/ledger/entries/{id}?companyId=</c>); participants only.</summary>
public sealed record GetEntry(Guid UserId, Guid? CompanyId, Guid EntryId) : IQuery<EntryView>, IRequireAuthenticatedUser;

public sealed class GetEntryValidator : AbstractValidator<GetEntry>
{
    public GetEntryValidator() => RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose ledger to read (companyId).");
}

public sealed class GetEntryHandler(LedgerReader reader, ICompanyAccess access) : IQueryHandler<GetEntry, EntryView>
{
    public async ValueTask<EntryView> Handle(GetEntry query, CancellationToken cancellationToken)
    {
        var companyId = query.CompanyId!.Value;
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        return await reader.EntryAsync(companyId, query.EntryId, cancellationToken) ?? throw LedgerErrors.NoEntry(query.EntryId);
    }
}
