using FluentValidation;
using Mediator;
using WellWon.Customs.Calculation;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.ExchangeRates;
using WellWon.Customs.Tariff;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>
/// The JSON body of <c>POST /api/customs/declarations/{id}/calculation</c>: the central bank's rates on the declaration date, roubles
/// per unit; without them (or with none) the rates stored from the central bank for that date are used.
/// </summary>
public sealed record CalculateDeclarationRequest(IReadOnlyDictionary<string, decimal>? Rates);

/// <summary>
/// A member calculates the payments of the declaration as it is, on its date: the tariff of each item's code and origin and the
/// fee bands are read from the seeded tables, the rates are the body's or else the central bank's stored for the date (fetched on
/// demand), the calculation runs, and its sheet is stored (<see cref="DeclarationCalculated"/>). A currency without a rate is 422.
/// </summary>
public sealed record CalculateDeclaration(Guid DeclarationId, Guid UserId, IReadOnlyDictionary<string, decimal> Rates) : ICommand<CalculationSheet>, IRequireAuthenticatedUser;

public sealed class CalculateDeclarationValidator : AbstractValidator<CalculateDeclaration>
{
    public CalculateDeclarationValidator() =>
        RuleForEach(x => x.Rates).Must(r => CurrencyCodes.All.Contains(r.Key) && r.Value > 0)
            .WithMessage("Each rate is an ISO 4217 code with the roubles one unit of it is worth (> 0).").OverridePropertyName("rates");
}

public sealed class CalculateDeclarationHandler(DeclarationWrites writes, TariffReader tariff, CentralBankRates centralBank, TimeProvider clock) : ICommandHandler<CalculateDeclaration, CalculationSheet>
{
    public async ValueTask<CalculationSheet> Handle(CalculateDeclaration command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DeclarationId, command.UserId, async declaration =>
        {
            var date = DeclarationCalculation.DateOf(declaration.State);
            var tariffs = new Dictionary<Guid, ItemTariff>();
            foreach (var item in declaration.State.Items)
            {
                if (await tariff.FindAsync(item.HsCode, item.Origin, date, cancellationToken) is { } found)
                {
                    tariffs[item.Id] = found;
                }
            }

            var bands = await tariff.FeeBandsAsync(date, cancellationToken);
            var rates = command.Rates.Count > 0 ? new CurrencyRates(date, command.Rates) : await StoredRatesAsync(date, cancellationToken);
            var input = DeclarationCalculation.Input(declaration.State, tariffs, rates, bands);
            var sheet = PaymentCalculator.Calculate(input);
            declaration.RecordCalculation(sheet, command.UserId, clock.GetUtcNow());
            return sheet;
        }, cancellationToken);

    /// <summary>The central bank's rates in force on <paramref name="date"/>, of the currencies WellWon knows (its answer also has XDR).</summary>
    private async Task<CurrencyRates> StoredRatesAsync(DateOnly date, CancellationToken ct)
    {
        var stored = await centralBank.OnAsync(date, ct);
        var known = stored?.RubPerUnit.Where(r => CurrencyCodes.All.Contains(r.Key)).ToDictionary() ?? [];
        return new CurrencyRates(date, known, stored is null ? "none were stored or could be fetched from the central bank" : "the central bank gave none");
    }
}
