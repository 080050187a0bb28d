using System.Globalization;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.Tariff;
using WellWon.Platform.Kernel;

namespace WellWon.Customs.Calculation;

/// <summary>
/// Computes a declaration's customs value and payments, exactly and shown line by line (pure: every rate comes in the input).
/// <list type="number">
/// <item>Every amount is converted to roubles once, at the declaration date's rate, and rounded to kopecks.</item>
/// <item>Each cost is shared among the items by gross weight or by price (each share rounded, the last item takes the rest, so
/// the shares add up to the cost); customs value (method 1) = price + freight, insurance, loading to the border − post-border costs.</item>
/// <item>Duty: ad valorem on the customs value, specific on the quantity (kg: net weight) at the rate's currency, combined as the
/// greater of the two; a preference then takes its factor of it.</item>
/// <item>Excise in roubles per unit; VAT at the item's rate on customs value + duty + excise.</item>
/// <item>The processing fee once per declaration, from the band holding the total customs value.</item>
/// </list>
/// Rounding is half-up (<see cref="MidpointRounding.AwayFromZero"/>) to kopecks at each line. Duties, excise and VAT are charged
/// for release for domestic consumption (40); export (10) pays the export duty its tariff sets (none when it sets none) and VAT at
/// 0 %; other procedures carry the fee only here.
/// </summary>
public static class PaymentCalculator
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static CalculationSheet Calculate(CalculationInput input)
    {
        if (input.Rates.Date != input.Date)
        {
            throw new DomainException(CustomsErrors.RateMissing, $"The rates are of {input.Rates.Date:yyyy-MM-dd}; the declaration is of {input.Date:yyyy-MM-dd}.");
        }

        if (!AllocationMethods.All.Contains(input.AllocationMethod))
        {
            throw new CustomsRuleException("allocationMethod", CustomsErrors.AllocationInvalid, $"'{input.AllocationMethod}' is neither 'weight' nor 'value'.");
        }

        if (input.Items.Count == 0)
        {
            throw new DomainException(CustomsErrors.Incomplete, "A calculation needs at least one goods item.");
        }

        var lines = new List<SheetLine>();
        var rates = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        decimal ToRub(Money money)
        {
            var rate = input.Rates.Of(money.Currency);
            if (money.Currency != CurrencyCodes.Rouble)
            {
                rates[money.Currency] = rate;
            }

            return Round(money.Amount * rate);
        }

        // 1. Prices in roubles.
        var prices = new decimal[input.Items.Count];
        for (var i = 0; i < input.Items.Count; i++)
        {
            var price = input.Items[i].InvoicePrice;
            prices[i] = ToRub(price);
            lines.Add(new SheetLine(i + 1, SheetLineKinds.Price, price.Amount, price.Currency, RateText(price.Currency, input.Rates),
                $"{A(price.Amount)} {price.Currency} × {N(input.Rates.Of(price.Currency))} = {A(prices[i])}", prices[i]));
        }

        // 2. Costs shared among the items; the customs value of each.
        var weights = input.AllocationMethod == AllocationMethods.ByWeight ? input.Items.Select(i => i.GrossKg).ToArray() : prices;
        var basisUnit = input.AllocationMethod == AllocationMethods.ByWeight ? "kg" : "RUB";
        var totalBasis = weights.Sum();
        if (totalBasis <= 0 && input.Costs.Count > 0)
        {
            throw new DomainException(CustomsErrors.Incomplete, $"Costs cannot be shared by {input.AllocationMethod} when the items' total is 0.");
        }

        var values = (decimal[])prices.Clone();
        foreach (var cost in input.Costs)
        {
            if (!CostKinds.All.Contains(cost.Kind))
            {
                throw new CustomsRuleException("costs.kind", CustomsErrors.CostKindInvalid, $"'{cost.Kind}' is not a cost kind.");
            }

            var costRub = ToRub(cost.Amount);
            var sign = CostKinds.IsDeduction(cost.Kind) ? -1 : 1;
            var shared = 0m;
            for (var i = 0; i < input.Items.Count; i++)
            {
                var last = i == input.Items.Count - 1;
                var share = last ? costRub - shared : Round(costRub * weights[i] / totalBasis);
                shared += share;
                values[i] += sign * share;
                var conversion = cost.Amount.Currency == CurrencyCodes.Rouble ? A(costRub) : $"{A(cost.Amount.Amount)} {cost.Amount.Currency} × {N(input.Rates.Of(cost.Amount.Currency))} = {A(costRub)}";
                var formula = last && input.Items.Count > 1
                    ? $"{conversion}; {A(costRub)} − {A(shared - share)} allocated to the other items = {A(share)}"
                    : $"{conversion}; {A(costRub)} × {N(weights[i])} / {N(totalBasis)} = {A(share)}";
                lines.Add(new SheetLine(i + 1, cost.Kind, costRub, CurrencyCodes.Rouble, $"{N(weights[i])} / {N(totalBasis)} {basisUnit}", formula, sign * share));
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] < 0)
            {
                throw new DomainException(CustomsErrors.Incomplete, $"Item {i + 1}: the post-border costs exceed its price and costs ({A(values[i])}).");
            }

            var parts = lines.Where(l => l.Item == i + 1 && l.Kind != SheetLineKinds.Price)
                .Aggregate(A(prices[i]), (text, l) => $"{text} {(l.Amount < 0 ? "−" : "+")} {A(Math.Abs(l.Amount))} ({l.Kind})");
            lines.Add(new SheetLine(i + 1, SheetLineKinds.CustomsValue, prices[i], CurrencyCodes.Rouble, "method 1 (transaction value)", $"{parts} = {A(values[i])}", values[i]));
        }

        // 3. Duty, excise and VAT per item: import duty, excise and VAT on release for domestic consumption; on export the export
        // duty where the tariff sets one and VAT at 0 %.
        var charged = input.Procedure is ProcedureCodes.ImportForHomeUse or ProcedureCodes.Export;
        var results = new List<ItemPayments>();
        for (var i = 0; i < input.Items.Count; i++)
        {
            var item = input.Items[i];
            var (duty, excise, vat) = charged ? ItemPayments(i + 1, item, values[i], input.Rates, lines, rates) : (0m, 0m, 0m);
            results.Add(new ItemPayments(i + 1, item.HsCode, values[i], duty, excise, vat));
        }

        // 4. The fee, once.
        var totalValue = values.Sum();
        var band = input.FeeBands.FirstOrDefault(b => b.Holds(totalValue))
            ?? throw new DomainException(CustomsErrors.FeeBandMissing, $"No fee band in force on {input.Date:yyyy-MM-dd} holds a customs value of {A(totalValue)} RUB.");
        var bandText = band.ValueTo is { } to ? $"over {A(band.ValueFrom)} up to {A(to)} RUB" : $"over {A(band.ValueFrom)} RUB";
        lines.Add(new SheetLine(null, SheetLineKinds.Fee, totalValue, CurrencyCodes.Rouble, $"{A(band.FeeRub)} RUB for a customs value {bandText}",
            $"fee for a total customs value of {A(totalValue)} = {A(band.FeeRub)}", band.FeeRub));

        return new CalculationSheet(
            input.Date,
            input.AllocationMethod,
            rates,
            lines,
            results,
            totalValue,
            results.Sum(r => r.Duty),
            results.Sum(r => r.Excise),
            results.Sum(r => r.Vat),
            band.FeeRub);
    }

    private static (decimal Duty, decimal Excise, decimal Vat) ItemPayments(
        int number, CalculationItem item, decimal customsValue, CurrencyRates rates, List<SheetLine> lines, SortedDictionary<string, decimal> used)
    {
        var tariff = item.Tariff;
        if (tariff.Duty is not { } rate)
        {
            // Goods with no export duty set: only VAT at the tariff's (export: 0 %) rate.
            var untaxed = Round(customsValue * tariff.VatRatePct / 100m);
            lines.Add(new SheetLine(number, SheetLineKinds.Vat, customsValue, CurrencyCodes.Rouble, $"{N(tariff.VatRatePct)} % ({tariff.VatCategory})",
                $"{A(customsValue)} × {N(tariff.VatRatePct)} % = {A(untaxed)}", untaxed));
            return (0m, 0m, untaxed);
        }

        // Duty before any preference: the ad valorem part, the specific part, or the greater of both.
        decimal? adValorem = rate.AdValoremPct is { } pct ? Round(customsValue * pct / 100m) : null;
        decimal? specific = null;
        var specificText = string.Empty;
        if (rate.SpecificAmount is { } amount)
        {
            var quantity = QuantityIn(rate.SpecificUnit!, item, number);
            var fx = rates.Of(rate.SpecificCurrency!);
            if (rate.SpecificCurrency != CurrencyCodes.Rouble)
            {
                used[rate.SpecificCurrency!] = fx;
            }

            specific = Round(quantity * amount * fx);
            specificText = $"{N(quantity)} {rate.SpecificUnit} × {N(amount)} {rate.SpecificCurrency} × {N(fx)} = {A(specific.Value)}";
        }

        var adValoremText = adValorem is { } av ? $"{A(customsValue)} × {N(rate.AdValoremPct!.Value)} % = {A(av)}" : string.Empty;
        var (baseDuty, dutyFormula, dutyBase, dutyBaseUnit) = rate.Kind switch
        {
            DutyKinds.AdValorem => (adValorem!.Value, adValoremText, customsValue, CurrencyCodes.Rouble),
            DutyKinds.Specific => (specific!.Value, specificText, QuantityIn(rate.SpecificUnit!, item, number), rate.SpecificUnit!),
            DutyKinds.Combined => (Math.Max(adValorem!.Value, specific!.Value),
                $"greater of ad valorem {adValoremText} and specific {specificText} = {A(Math.Max(adValorem.Value, specific.Value))}",
                customsValue, CurrencyCodes.Rouble),
            _ => throw new DomainException(CustomsErrors.TariffMissing, $"Item {number}: unknown duty kind '{rate.Kind}'."),
        };

        var duty = baseDuty;
        var rateText = rate.ToString();
        if (tariff.Preference is { } preference)
        {
            duty = Round(baseDuty * preference.Factor);
            dutyFormula = $"{dutyFormula}; preference {preference.Regime}: {A(baseDuty)} × {N(preference.Factor)} = {A(duty)}";
            rateText = $"{rateText}, preference {preference.Regime} × {N(preference.Factor)}";
        }

        lines.Add(new SheetLine(number, SheetLineKinds.Duty, dutyBase, dutyBaseUnit, rateText, dutyFormula, duty, tariff.DutyPaymentCode));

        var excise = 0m;
        if (tariff.Excise is { } exciseRate)
        {
            var quantity = item.ExciseQuantity
                ?? throw new DomainException(CustomsErrors.Incomplete, $"Item {number}: an excise of {exciseRate} applies; give the quantity in {exciseRate.Unit}.");
            excise = Round(quantity * exciseRate.RubPerUnit);
            lines.Add(new SheetLine(number, SheetLineKinds.Excise, quantity, exciseRate.Unit, exciseRate.ToString(),
                $"{N(quantity)} {exciseRate.Unit} × {N(exciseRate.RubPerUnit)} = {A(excise)}", excise, exciseRate.PaymentCode));
        }

        var vatBase = customsValue + duty + excise;
        var vat = Round(vatBase * tariff.VatRatePct / 100m);
        lines.Add(new SheetLine(number, SheetLineKinds.Vat, vatBase, CurrencyCodes.Rouble, $"{N(tariff.VatRatePct)} % ({tariff.VatCategory})",
            $"({A(customsValue)} + {A(duty)} + {A(excise)}) × {N(tariff.VatRatePct)} % = {A(vat)}", vat));
        return (duty, excise, vat);
    }

    /// <summary>The item's quantity in a specific rate's unit: net weight for kg, the supplementary quantity when the units agree.</summary>
    private static decimal QuantityIn(string unit, CalculationItem item, int number) =>
        unit == "kg" ? item.NetKg
        : unit == item.Unit ? item.Quantity
        : throw new DomainException(CustomsErrors.Incomplete, $"Item {number}: the duty is per {unit}; give its quantity in {unit} (it is in {item.Unit}).");

    /// <summary>Half-up to kopecks, the one rounding of the whole calculation.</summary>
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    private static string RateText(string currency, CurrencyRates rates) =>
        currency == CurrencyCodes.Rouble ? "1" : $"1 {currency} = {N(rates.Of(currency))} RUB on {rates.Date:yyyy-MM-dd}";

    private static string A(decimal amount) => amount.ToString("0.00", Invariant);

    private static string N(decimal number) => number.ToString("0.######", Invariant);
}
