using FluentValidation;
using Mediator;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Ledger.Features;

/// <summary>The JSON body of <c>POST /api/finance/ledger/accounts</c>: an account beyond the chart, e.g. goods in transit of one shipment.</summary>
public sealed record OpenAccountRequest(
    Guid CompanyId,
    string? Code,
    string? Name,
    string? Type,
    string? Currency,
    bool DebitsMustNotExceedCredits = false,
    bool CreditsMustNotExceedDebits = false,
    Guid? PartyId = null,
    Guid? ShipmentId = null);

/// <summary>A company's admin opens an account; the same account opened again is answered as it is, another one under its code is refused.</summary>
public sealed record OpenAccount(Guid UserId, OpenAccountRequest Account) : ICommand<AccountBalance>, IRequireAuthenticatedUser;

public sealed class OpenAccountValidator : AbstractValidator<OpenAccount>
{
    public static readonly string[] Types = ["asset", "liability", "equity", "income", "expense"];

    public OpenAccountValidator()
    {
        RuleFor(x => x.Account.CompanyId).NotEmpty().OverridePropertyName("companyId");
        RuleFor(x => x.Account.Code).NotEmpty().MaximumLength(80).Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$")
            .WithMessage("An account code is letters, digits, '.', '_' or '-'.").OverridePropertyName("code");
        RuleFor(x => x.Account.Name).NotEmpty().MaximumLength(200).OverridePropertyName("name");
        RuleFor(x => x.Account.Type).Must(t => Types.Contains(t)).WithMessage($"'type' is one of: {string.Join(", ", Types)}.").OverridePropertyName("type");
        RuleFor(x => x.Account.Currency).Must(Currencies.IsKnown).WithMessage("'currency' is an ISO 4217 code WellWon books (RUB, USD, EUR, CNY …).")
            .OverridePropertyName("currency");
        RuleFor(x => x.Account).Must(a => !(a.DebitsMustNotExceedCredits && a.CreditsMustNotExceedDebits))
            .WithMessage("An account limits its debits or its credits, not both.").OverridePropertyName("creditsMustNotExceedDebits");
    }
}

public sealed class OpenAccountHandler(LedgerWrites writes) : ICommandHandler<OpenAccount, AccountBalance>
{
    public async ValueTask<AccountBalance> Handle(OpenAccount command, CancellationToken cancellationToken)
    {
        var a = command.Account;
        return await writes.ChangeAsync(a.CompanyId, command.UserId, CompanyRole.Admin, (ledger, now) => AccountBalance.Of(ledger.OpenAccount(
            a.Code!, a.Name!, LedgerNames.AccountTypeOf(a.Type!), a.Currency!, a.DebitsMustNotExceedCredits, a.CreditsMustNotExceedDebits, a.PartyId, a.ShipmentId, now)),
            cancellationToken);
    }
}
