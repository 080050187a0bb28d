using FluentValidation;
using Mediator;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Ledger.Features;

/// <summary>The JSON body of <c>POST /api/finance/ledger/entries/{id}/post</c> (<see cref="Amount"/>: less than held) and <c>…/void</c>.</summary>
public sealed record ResolveHeldEntryRequest(Guid CompanyId, decimal? Amount = null);

/// <summary>A company's admin posts a hold (in full or less) or voids it, once; a retry of the same answers the same.</summary>
public sealed record ResolveHeldEntry(Guid UserId, Guid CompanyId, Guid EntryId, bool Post, decimal? Amount) : ICommand<ResolvedEntryView>, IRequireAuthenticatedUser;

/// <param name="Replayed">True when the hold was already so (a retry).</param>
public sealed record ResolvedEntryView(EntryView Entry, bool Replayed);

public sealed class ResolveHeldEntryValidator : AbstractValidator<ResolveHeldEntry>
{
    public ResolveHeldEntryValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty();
        RuleFor(x => x.Amount).GreaterThan(0).When(x => x.Amount is not null);
        RuleFor(x => x.Amount).Null().When(x => !x.Post).WithMessage("A void releases the whole hold; it takes no amount.");
    }
}

public sealed class ResolveHeldEntryHandler(LedgerWrites writes) : ICommandHandler<ResolveHeldEntry, ResolvedEntryView>
{
    public async ValueTask<ResolvedEntryView> Handle(ResolveHeldEntry command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.CompanyId, command.UserId, CompanyRole.Admin, (ledger, now) =>
        {
            var resolved = command.Post ? ledger.PostHeld(command.EntryId, command.Amount, now) : ledger.VoidHeld(command.EntryId, now);
            return new ResolvedEntryView(EntryView.Of(resolved.Entry, ledger.State), resolved.Replayed);
        }, cancellationToken);
}
