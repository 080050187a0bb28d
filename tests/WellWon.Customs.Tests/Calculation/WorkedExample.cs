using WellWon.Customs.Calculation;
using WellWon.Customs.Contracts;
using WellWon.Customs.Tariff;

namespace WellWon.Customs.Tests.Calculation;

/// <summary>
/// A declaration of 14 November 2025 (release for domestic consumption, 40), three items, costs shared by gross weight.
/// The rates are those the seeded tariff gives for these codes and origins on that date (TariffDataTests checks it).
/// </summary>
internal static class WorkedExample
{
    public static readonly DateOnly Date = new(2025, 11, 14);

    /// <summary>Roubles per unit on the date: EUR 93.5012, USD 80.7500, CNY 11.3270.</summary>
    public static readonly CurrencyRates Rates = new(Date, new Dictionary<string, decimal> { ["EUR"] = 93.5012m, ["USD"] = 80.75m, ["CNY"] = 11.327m });

    /// <summary>Ball bearings from China: 10 % ad valorem, VAT 20 %.</summary>
    public static readonly ItemTariff Bearings = new("8482109000", DutyRate.AdValorem(10m), "standard", 20m, null, null);

    /// <summary>Frozen cod from China: 0.15 EUR per kg (specific), VAT 10 %.</summary>
    public static readonly ItemTariff Cod = new("0303631000", DutyRate.Specific(0.15m, "EUR", "kg"), "reduced", 10m, null, null);

    /// <summary>Cotton T-shirts from India: 10 % but not less than 1.75 EUR/kg (combined), developing-country preference 0.75, VAT 20 %.</summary>
    public static readonly ItemTariff Shirts = new("6109100000", DutyRate.Combined(10m, 1.75m, "EUR", "kg"), "standard", 20m, null, new Preference("developing", 0.75m));

    /// <summary>The fee bands of Decree 1637 as amended, in force from 1 January 2024.</summary>
    public static readonly IReadOnlyList<FeeBand> FeeBands =
    [
        new(0m, 200_000m, 1_231m), new(200_000m, 450_000m, 2_462m), new(450_000m, 1_200_000m, 4_924m),
        new(1_200_000m, 2_700_000m, 13_541m), new(2_700_000m, 4_200_000m, 18_465m), new(4_200_000m, 5_500_000m, 21_344m),
        new(5_500_000m, 10_000_000m, 49_240m), new(10_000_000m, null, 73_860m),
    ];

    public static CalculationInput Input(string allocation = AllocationMethods.ByWeight, string procedure = ProcedureCodes.ImportForHomeUse) => new(
        Date,
        procedure,
        allocation,
        Rates,
        [
            new CalculationItem(Bearings.HsCode, 1_500m, 1_400m, 12_000m, "pcs", new Money(12_000m, "USD"), Bearings),
            new CalculationItem(Cod.HsCode, 2_200m, 2_000m, 2_000m, "kg", new Money(60_000m, "CNY"), Cod),
            new CalculationItem(Shirts.HsCode, 800m, 700m, 5_000m, "pcs", new Money(4_000m, "EUR"), Shirts),
        ],
        [
            new CalculationCost(CostKinds.Freight, new Money(3_000m, "USD")),
            new CalculationCost(CostKinds.Insurance, new Money(250m, "EUR")),
            new CalculationCost(CostKinds.PostBorder, new Money(500m, "USD")),
        ],
        FeeBands);
}
