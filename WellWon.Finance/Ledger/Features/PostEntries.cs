using FluentValidation;
using Mediator;
using WellWon.Finance.Ledger.Domain;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Ledger.Features;

/// <summary>
/// One line of an entry in a request: the account by code (<c>1010.USD</c>) or id, or <c>2110</c> with <see cref="SupplierId"/> for
/// that supplier's payable; <see cref="Side"/> "debit" or "credit"; the amount in the account's currency.
/// </summary>
public sealed record LineInput(string? Account, string? Side, decimal Amount, string? Currency, Guid? SupplierId = null);

/// <summary>An entry in a request; <see cref="HoldForSeconds"/> makes it a hold (pending) that expires after that many seconds.</summary>
public sealed record EntryInput(Guid Id, string? Description, IReadOnlyList<LineInput>? Lines, string? Cause = null, DateTimeOffset? EffectiveAt = null, int? HoldForSeconds = null);

/// <summary>The JSON body of <c>POST /api/finance/ledger/entries</c>: one entry or several linked ones, posted all or none.</summary>
public sealed record PostEntriesRequest(Guid CompanyId, IReadOnlyList<EntryInput>? Entries);

/// <summary>A company's admin posts entries by hand; a retry with the same ids and data answers what was posted (idempotent).</summary>
public sealed record PostEntries(Guid UserId, Guid CompanyId, IReadOnlyList<EntryInput> Entries) : ICommand<PostedEntriesView>, IRequireAuthenticatedUser
{
    public const int MaxEntries = 100;
    public const int MaxHoldSeconds = 90 * 24 * 3600;

    public IReadOnlyList<EntryDraft> Drafts() =>
    [
        .. Entries.Select(e => new EntryDraft(
            e.Id, e.Description!.Trim(), e.Cause,
            [.. e.Lines!.Select(l => new LineDraft(l.Account!.Trim(), l.Side == "debit" ? EntrySide.Debit : EntrySide.Credit, l.Amount, l.Currency!, l.SupplierId))],
            e.EffectiveAt, e.HoldForSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null)),
    ];
}

public sealed class PostEntriesValidator : AbstractValidator<PostEntries>
{
    public PostEntriesValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty();
        RuleFor(x => x.Entries).NotEmpty().Must(e => e.Count <= PostEntries.MaxEntries).WithMessage($"A request posts 1 to {PostEntries.MaxEntries} entries.")
            .Must(e => e.Select(x => x.Id).Distinct().Count() == e.Count).WithMessage("Each entry of a request has its own id.");
        RuleForEach(x => x.Entries).ChildRules(entry =>
        {
            entry.RuleFor(e => e.Id).NotEmpty().WithMessage("Give each entry an id of your choosing (a new Guid); a retry sends the same one.");
            entry.RuleFor(e => e.Description).NotEmpty().MaximumLength(500);
            entry.RuleFor(e => e.Cause).MaximumLength(200);
            entry.RuleFor(e => e.HoldForSeconds).InclusiveBetween(1, PostEntries.MaxHoldSeconds);
            entry.RuleFor(e => e.Lines).NotEmpty().Must(l => l!.Count is >= 2 and <= CompanyLedger.MaxLinesPerEntry)
                .WithMessage($"An entry has 2 to {CompanyLedger.MaxLinesPerEntry} lines.");
            entry.RuleForEach(e => e.Lines).ChildRules(line =>
            {
                line.RuleFor(l => l.Account).NotEmpty();
                line.RuleFor(l => l.Side).Must(s => s is "debit" or "credit").WithMessage("'side' is debit or credit.");
                line.RuleFor(l => l.Amount).GreaterThan(0);
                line.RuleFor(l => l.Currency).NotEmpty().Length(3);
            });
        });
    }
}

public sealed class PostEntriesHandler(LedgerWrites writes) : ICommandHandler<PostEntries, PostedEntriesView>
{
    public async ValueTask<PostedEntriesView> Handle(PostEntries command, CancellationToken cancellationToken)
    {
        var drafts = command.Drafts();
        return await writes.ChangeAsync(command.CompanyId, command.UserId, CompanyRole.Admin, (ledger, now) =>
        {
            var posted = ledger.Post(drafts, now);
            return new PostedEntriesView([.. posted.Entries.Select(e => EntryView.Of(e, ledger.State))], posted.Replayed);
        }, cancellationToken);
    }
}
