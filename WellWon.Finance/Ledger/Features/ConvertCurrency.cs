using FluentValidation;
using Mediator;
using WellWon.Finance.Ledger.Domain;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Ledger.Features;

/// <summary>
/// The JSON body of <c>POST /api/finance/ledger/conversions</c>: what was sold and bought, the market rate (sold units per bought
/// unit) the spread is measured against, and the bank accounts when not the company's default ones.
/// </summary>
public sealed record ConvertCurrencyRequest(
    Guid CompanyId, Guid Id, Money? Sold, Money? Bought, decimal MarketRate, string? FromAccount = null, string? ToAccount = null, string? Description = null, string? Cause = null);

/// <summary>A company's admin books a conversion: two linked entries through the FX conversion accounts and the spread on its own line.</summary>
public sealed record ConvertCurrency(Guid UserId, ConvertCurrencyRequest Conversion) : ICommand<PostedEntriesView>, IRequireAuthenticatedUser;

public sealed class ConvertCurrencyValidator : AbstractValidator<ConvertCurrency>
{
    public ConvertCurrencyValidator()
    {
        RuleFor(x => x.Conversion.CompanyId).NotEmpty().OverridePropertyName("companyId");
        RuleFor(x => x.Conversion.Id).NotEmpty().OverridePropertyName("id");
        RuleFor(x => x.Conversion.Sold).NotNull().Must(m => m!.Amount > 0 && Currencies.IsKnown(m.Currency))
            .WithMessage("'sold' is a positive amount in a currency WellWon books.").OverridePropertyName("sold");
        RuleFor(x => x.Conversion.Bought).NotNull().Must(m => m!.Amount > 0 && Currencies.IsKnown(m.Currency))
            .WithMessage("'bought' is a positive amount in a currency WellWon books.").OverridePropertyName("bought");
        RuleFor(x => x.Conversion.MarketRate).GreaterThan(0).OverridePropertyName("marketRate");
    }
}

public sealed class ConvertCurrencyHandler(LedgerWrites writes) : ICommandHandler<ConvertCurrency, PostedEntriesView>
{
    public async ValueTask<PostedEntriesView> Handle(ConvertCurrency command, CancellationToken cancellationToken)
    {
        var c = command.Conversion;
        var drafts = CurrencyConversion.Drafts(c.Id, c.Sold!, c.Bought!, c.MarketRate, c.FromAccount, c.ToAccount, c.Description, c.Cause);
        return await writes.ChangeAsync(c.CompanyId, command.UserId, CompanyRole.Admin, (ledger, now) =>
        {
            var posted = ledger.Post(drafts, now);
            return new PostedEntriesView([.. posted.Entries.Select(e => EntryView.Of(e, ledger.State))], posted.Replayed);
        }, cancellationToken);
    }
}
