using WellWon.Customs.Calculation;
using WellWon.Customs.Contracts;
using WellWon.Customs.Tariff;
using WellWon.Platform.Kernel;

namespace WellWon.Customs.Domain;

/// <summary>Turns a declaration and what the tariff says about its items into the calculation's input (pure).</summary>
public static class DeclarationCalculation
{
    /// <summary>
    /// The input for <paramref name="state"/>: <paramref name="tariffs"/> by item id (for its code and origin on the declaration
    /// date). A preference counts only when the item claims it and the tariff grants that regime for the goods and origin.
    /// </summary>
    public static CalculationInput Input(DeclarationState state, IReadOnlyDictionary<Guid, ItemTariff> tariffs, CurrencyRates rates, IReadOnlyList<FeeBand> feeBands)
    {
        var date = DateOf(state);
        var items = state.Items.Select((item, index) =>
        {
            var tariff = tariffs.TryGetValue(item.Id, out var found)
                ? found
                : throw new DomainException(CustomsErrors.TariffMissing, $"The tariff has no rates for {item.HsCode} on {date:yyyy-MM-dd}.");
            if (item.Preference is { } claimed && tariff.Preference?.Regime != claimed)
            {
                throw new CustomsRuleException("preference", CustomsErrors.PreferenceNotGranted,
                    $"The '{claimed}' preference is not granted to {item.HsCode} from {item.Origin} on {date:yyyy-MM-dd}.").In("items", index);
            }

            return new CalculationItem(item.HsCode, item.GrossKg, item.NetKg, item.Quantity, item.Unit, item.InvoicePrice,
                item.Preference is null ? tariff with { Preference = null } : tariff, item.ExciseQuantity);
        }).ToList();

        return new CalculationInput(
            date,
            state.Header.Procedure,
            state.Header.AllocationMethod,
            rates,
            items,
            [.. state.Costs.Select(c => new CalculationCost(c.Kind, c.Amount))],
            feeBands);
    }

    /// <summary>The declaration date, on which the tariff and the rates are read; a draft without one cannot be calculated.</summary>
    public static DateOnly DateOf(DeclarationState state) => state.Header.DeclarationDate
        ?? throw new CustomsRuleException("declarationDate", CustomsErrors.Incomplete, "Give the declaration date first: the rates and the tariff are those of that day.");
}
