namespace WellWon.Customs.Contracts;

// The calculation of a declaration's payments (box 47 and the customs value per item), as stored in DeclarationCalculated.
// Every amount is in roubles, rounded half-up to kopecks at the point its line shows.

public static class SheetLineKinds
{
    public const string Price = "price";
    public const string CustomsValue = "customs-value";
    public const string Duty = "duty";
    public const string Excise = "excise";
    public const string Vat = "vat";
    public const string Fee = "fee";
}

/// <summary>
/// One line of the sheet: for item <paramref name="Item"/> (1-based, as box 32 numbers them; null for the whole declaration),
/// what was computed (<see cref="SheetLineKinds"/> or a cost kind), from what base (in <paramref name="BaseUnit"/>: a currency,
/// kg, l…), at what rate, by which formula, giving <paramref name="Amount"/> roubles (negative for a deduction), and the payment
/// type code the tariff data gives for it (an excise's depends on the goods); added later with a default, so older sheets read as before.
/// </summary>
public sealed record SheetLine(int? Item, string Kind, decimal Base, string BaseUnit, string Rate, string Formula, decimal Amount, string? PaymentCode = null);

/// <summary>One item's results: its customs value and payments in roubles.</summary>
public sealed record ItemPayments(int Item, string HsCode, decimal CustomsValue, decimal Duty, decimal Excise, decimal Vat);

/// <summary>The whole calculation on <paramref name="Date"/> at the rates given (roubles per unit of each currency used).</summary>
public sealed record CalculationSheet(
    DateOnly Date,
    string AllocationMethod,
    IReadOnlyDictionary<string, decimal> Rates,
    IReadOnlyList<SheetLine> Lines,
    IReadOnlyList<ItemPayments> Items,
    decimal CustomsValue,
    decimal Duty,
    decimal Excise,
    decimal Vat,
    decimal Fee)
{
    /// <summary>Everything payable: duty, excise, VAT and the fee.</summary>
    public decimal Total => Duty + Excise + Vat + Fee;
}
