using FluentValidation;
using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Finance.Ledger.Features;

/// <summary>The JSON body of <c>POST /api/finance/ledger</c>.</summary>
public sealed record OpenLedgerRequest(Guid CompanyId);

/// <summary>A company's admin opens its ledger, seeded with the importer's chart of accounts; opening it again changes nothing.</summary>
public sealed record OpenLedger(Guid UserId, Guid CompanyId) : ICommand<OpenedLedger>, IRequireAuthenticatedUser;

/// <param name="Created">False when the ledger was already open.</param>
public sealed record OpenedLedger(Guid CompanyId, bool Created);

public sealed class OpenLedgerValidator : AbstractValidator<OpenLedger>
{
    public OpenLedgerValidator() => RuleFor(x => x.CompanyId).NotEmpty();
}

public sealed class OpenLedgerHandler(LedgerWrites writes) : ICommandHandler<OpenLedger, OpenedLedger>
{
    public async ValueTask<OpenedLedger> Handle(OpenLedger command, CancellationToken cancellationToken) =>
        new(command.CompanyId, await writes.OpenAsync(command.CompanyId, command.UserId, cancellationToken));
}
