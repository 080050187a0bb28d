using FluentValidation;
using Mediator;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Ledger.Features;

/// <summary>The JSON body of <c>POST /api/finance/ledger/entries/{id}/reverse</c>: the reversal's own id, chosen by the client.</summary>
public sealed record ReverseEntryRequest(Guid CompanyId, Guid ReversalId, string? Description = null);

/// <summary>A company's admin corrects a posted entry by a reversal linked to it; the original never changes.</summary>
public sealed record ReverseEntry(Guid UserId, Guid CompanyId, Guid EntryId, Guid ReversalId, string? Description) : ICommand<ResolvedEntryView>, IRequireAuthenticatedUser;

public sealed class ReverseEntryValidator : AbstractValidator<ReverseEntry>
{
    public ReverseEntryValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty();
        RuleFor(x => x.ReversalId).NotEmpty().WithMessage("Give the reversal an id of your choosing (a new Guid); a retry sends the same one.");
        RuleFor(x => x.Description).MaximumLength(500);
    }
}

public sealed class ReverseEntryHandler(LedgerWrites writes) : ICommandHandler<ReverseEntry, ResolvedEntryView>
{
    public async ValueTask<ResolvedEntryView> Handle(ReverseEntry command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.CompanyId, command.UserId, CompanyRole.Admin, (ledger, now) =>
        {
            var reversal = ledger.Reverse(command.EntryId, command.ReversalId, command.Description, now);
            return new ResolvedEntryView(EntryView.Of(reversal.Entry, ledger.State), reversal.Replayed);
        }, cancellationToken);
}
