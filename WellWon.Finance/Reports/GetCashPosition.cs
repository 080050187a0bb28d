using FluentValidation;
using Mediator;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Ledger.ReadModel;
using WellWon.Finance.PurchaseOrders;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Reports;

/// <summary>
/// One currency's bank money: posted balance, what holds keep back (payments under way), what is available, and the central bank's
/// rate with the posted balance's rouble equivalent when a rate is known.
/// </summary>
public sealed record CashCurrency(string Currency, decimal Posted, decimal Pending, decimal Available, decimal? OfficialRate, decimal? RubEquivalent);

/// <summary>The bank accounts per currency as of a day; <see cref="TotalRub"/> when every currency has a rouble equivalent.</summary>
public sealed record CashPosition(DateOnly AsOf, IReadOnlyList<CashCurrency> Currencies, decimal? TotalRub);

/// <summary>The company's cash per currency (<c>GET /api/finance/cash-position?companyId=&amp;asOf=</c>, today when no day is named); participants only.</summary>
public sealed record GetCashPosition(Guid UserId, Guid? CompanyId, DateOnly? AsOf) : IQuery<CashPosition>, IRequireAuthenticatedUser;

public sealed class GetCashPositionValidator : AbstractValidator<GetCashPosition>
{
    public GetCashPositionValidator() => RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose cash to read (companyId).");
}

public sealed class GetCashPositionHandler(LedgerReader ledger, IOfficialRates rates, ICompanyAccess access, TimeProvider clock)
    : IQueryHandler<GetCashPosition, CashPosition>
{
    public async ValueTask<CashPosition> Handle(GetCashPosition query, CancellationToken cancellationToken)
    {
        var companyId = query.CompanyId!.Value;
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var asOf = query.AsOf ?? today;
        var endOfDay = new DateTimeOffset(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddTicks(-1);
        var banks = (await ledger.BalancesAsync(companyId, endOfDay, cancellationToken))
            .Where(a => a.Code.StartsWith(ChartOfAccounts.Bank + ".", StringComparison.Ordinal))
            .GroupBy(a => a.Currency)
            .OrderBy(g => g.Key == Currencies.Rub ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal);

        var currencies = new List<CashCurrency>();
        foreach (var bank in banks)
        {
            var posted = bank.Sum(a => a.Posted);
            var pending = bank.Sum(a => a.PendingCredits - a.PendingDebits);
            var available = bank.Sum(a => a.Available);
            var rate = bank.Key == Currencies.Rub ? 1m : (await rates.RubPerUnitAsync(bank.Key, asOf, cancellationToken))?.RubPerUnit;
            // An empty account is worth nothing in any currency, so a missing rate only matters where there is money.
            var rub = rate is { } r ? Currencies.Round(posted * r, Currencies.Rub) : posted == 0m ? 0m : (decimal?)null;
            currencies.Add(new CashCurrency(bank.Key, posted, pending, available, rate, rub));
        }

        var totalRub = currencies.All(c => c.RubEquivalent is not null) ? currencies.Sum(c => c.RubEquivalent!.Value) : (decimal?)null;
        return new CashPosition(asOf, currencies, totalRub);
    }
}
