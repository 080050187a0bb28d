using WellWon.Customs.Contracts;
using WellWon.Customs.Tariff;

namespace WellWon.Customs.Calculation;

/// <summary>How costs to the border are shared among the goods items, chosen per declaration.</summary>
public static class AllocationMethods
{
    /// <summary>In proportion to gross weight (what carriers charge by).</summary>
    public const string ByWeight = "weight";

    /// <summary>In proportion to the invoice price in roubles.</summary>
    public const string ByValue = "value";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { ByWeight, ByValue };
}

/// <summary>
/// The costs method 1 of the EAEU Customs Code (art. 39–40) adds to the price — transport, insurance, loading and handling up to
/// the EAEU border — and the ones it takes out when they are in the price: transport and insurance after the border.
/// </summary>
public static class CostKinds
{
    public const string Freight = "freight";
    public const string Insurance = "insurance";
    public const string Loading = "loading";
    public const string PostBorder = "post-border";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Freight, Insurance, Loading, PostBorder };

    public static bool IsDeduction(string kind) => kind == PostBorder;
}

/// <summary>A cost of the whole consignment in its currency.</summary>
public sealed record CalculationCost(string Kind, Money Amount);

/// <summary>
/// One goods item as the calculation needs it: its price, weights and quantities, and what the tariff says about its code.
/// <paramref name="Quantity"/> is in <paramref name="Unit"/> (the supplementary unit); <paramref name="ExciseQuantity"/> in the
/// excise rate's unit (litres of anhydrous alcohol…), when an excise applies.
/// </summary>
public sealed record CalculationItem(
    string HsCode,
    decimal GrossKg,
    decimal NetKg,
    decimal Quantity,
    string Unit,
    Money InvoicePrice,
    ItemTariff Tariff,
    decimal? ExciseQuantity = null);

/// <summary>Everything one calculation needs; nothing is looked up while calculating.</summary>
public sealed record CalculationInput(
    DateOnly Date,
    string Procedure,
    string AllocationMethod,
    CurrencyRates Rates,
    IReadOnlyList<CalculationItem> Items,
    IReadOnlyList<CalculationCost> Costs,
    IReadOnlyList<FeeBand> FeeBands);
