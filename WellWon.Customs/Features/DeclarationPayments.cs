using WellWon.Customs.Calculation;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.ExchangeRates;
using WellWon.Customs.Tariff;
using WellWon.Platform.Kernel;

namespace WellWon.Customs.Features;

/// <summary>
/// Calculates a declaration's payments as it is, on its date: the tariff of each item's code and origin and the fee bands from the
/// seeded tables, and the rates given, or else the central bank's stored for the date (fetched on demand).
/// </summary>
public sealed class DeclarationPayments(TariffReader tariff, CentralBankRates centralBank)
{
    public async Task<CalculationSheet> CalculateAsync(DeclarationState state, IReadOnlyDictionary<string, decimal>? given, CancellationToken ct)
    {
        var date = DeclarationCalculation.DateOf(state);
        var tariffs = new Dictionary<Guid, ItemTariff>();
        foreach (var item in state.Items)
        {
            var found = state.Header.Procedure == ProcedureCodes.Export
                ? await tariff.FindExportAsync(item.HsCode, date, ct)
                : await tariff.FindAsync(item.HsCode, item.Origin, date, ct);
            if (found is not null)
            {
                tariffs[item.Id] = found;
            }
        }

        var bands = await tariff.FeeBandsAsync(date, ct);
        var rates = given is { Count: > 0 } ? new CurrencyRates(date, given) : await StoredRatesAsync(date, ct);
        return PaymentCalculator.Calculate(DeclarationCalculation.Input(state, tariffs, rates, bands));
    }

    /// <summary>
    /// The calculation of a corrected declaration: on the rates of its last calculation of the same date (a correction does not
    /// change the rates customs applied), completed from the central bank's for a currency the correction brings in.
    /// </summary>
    public async Task<CalculationSheet> RecalculateAsync(DeclarationState state, CalculationSheet? previous, CancellationToken ct)
    {
        if (previous is null || previous.Date != state.Header.DeclarationDate)
        {
            return await CalculateAsync(state, null, ct);
        }

        try
        {
            return await CalculateAsync(state, previous.Rates.Count > 0 ? previous.Rates : null, ct);
        }
        catch (DomainException e) when (e.Code == CustomsErrors.RateMissing && previous.Rates.Count > 0)
        {
            var stored = await centralBank.OnAsync(previous.Date, ct);
            var merged = (stored?.RubPerUnit ?? new Dictionary<string, decimal>()).Where(r => CurrencyCodes.All.Contains(r.Key)).ToDictionary();
            foreach (var (currency, rate) in previous.Rates)
            {
                merged[currency] = rate;
            }

            return await CalculateAsync(state, merged, ct);
        }
    }

    /// <summary>The central bank's rates in force on <paramref name="date"/>, of the currencies WellWon knows (its answer also has XDR).</summary>
    private async Task<CurrencyRates> StoredRatesAsync(DateOnly date, CancellationToken ct)
    {
        var stored = await centralBank.OnAsync(date, ct);
        var known = stored?.RubPerUnit.Where(r => CurrencyCodes.All.Contains(r.Key)).ToDictionary() ?? [];
        return new CurrencyRates(date, known, stored is null ? "none were stored or could be fetched from the central bank" : "the central bank gave none");
    }
}
