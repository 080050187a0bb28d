using WellWon.Customs.Calculation;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.ExchangeRates;
using WellWon.Customs.ReadModel;
using WellWon.Customs.Tariff;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>A line to estimate: what the calculation needs of it, how to name it in a warning, and whether a preference is asked.</summary>
public sealed record EstimateItem(
    string Label,
    string Description,
    string? HsCode,
    string Origin,
    decimal GrossKg,
    decimal NetKg,
    decimal Quantity,
    string Unit,
    Contracts.Money Price,
    bool Preference = false,
    decimal? ExciseQuantity = null);

/// <summary>
/// Landed costs computed without a declaration (nothing is saved): the tariff of each item's code and origin on the date, the
/// central bank's rates of that date as stored in <c>customs.exchange_rates</c>, and the same <see cref="PaymentCalculator"/>
/// declarations use, for release for domestic consumption. Strict (a what-if): a code the tariff lacks, or a quantity an excise or
/// a specific duty needs, is 400 naming the item's field. Lenient (a shipment's estimate): that item's duty is left out, with a warning.
/// </summary>
public sealed class LandedCostEstimates(TariffReader tariff, CentralBankRates centralBank)
{
    public async Task<LandedCost> ComputeAsync(
        Guid? shipmentId, Guid companyId, string basis, DateOnly date, string allocation, IReadOnlyList<EstimateItem> items,
        IReadOnlyList<CalculationCost> costs, List<string> warnings, bool strict, CancellationToken ct)
    {
        var calculationItems = new List<CalculationItem>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var itemTariff = await TariffOfAsync(item, i, date, warnings, strict, ct);
            calculationItems.Add(new CalculationItem(item.HsCode ?? string.Empty, item.GrossKg, item.NetKg, item.Quantity, item.Unit, item.Price, itemTariff, item.ExciseQuantity));
        }

        var stored = await centralBank.OnAsync(date, ct);
        var known = stored?.RubPerUnit.Where(r => CurrencyCodes.All.Contains(r.Key)).ToDictionary() ?? [];
        var rates = new CurrencyRates(date, known, stored is null ? "none are stored for that day and the central bank gave none" : "the central bank gave none");
        var input = new CalculationInput(date, ProcedureCodes.ImportForHomeUse, allocation, rates, calculationItems, costs, await tariff.FeeBandsAsync(date, ct));
        var sheet = PaymentCalculator.Calculate(input);
        return LandedCost.From(sheet, [.. items.Select(i => i.Description)], shipmentId, companyId, stored?.RatesDate ?? date, basis, null, warnings);
    }

    /// <summary>Cargo lines as items to estimate: those with a declared value (the others are named in <paramref name="warnings"/>); quantity in net kg.</summary>
    public static List<EstimateItem> FromCargo(ShipmentGoods shipment, List<string> warnings)
    {
        var origin = shipment.OriginCountry ?? string.Empty;
        var items = new List<EstimateItem>();
        for (var i = 0; i < shipment.Cargo.Count; i++)
        {
            var line = shipment.Cargo[i];
            if (line.DeclaredValue is not { } value)
            {
                warnings.Add($"Cargo line {i + 1} has no declared value: it is not included.");
                continue;
            }

            var code = HsCode.TryParse(line.HsCode, out var parsed) ? parsed.Value : null;
            var net = line.NetKg ?? line.GrossKg;
            items.Add(new EstimateItem($"Cargo line {i + 1}", line.Description, code, origin, line.GrossKg, net, net, "kg", value));
        }

        return items;
    }

    private async Task<ItemTariff> TariffOfAsync(EstimateItem item, int index, DateOnly date, List<string> warnings, bool strict, CancellationToken ct)
    {
        var none = new ItemTariff(item.HsCode ?? string.Empty, DutyRate.AdValorem(0m), "none", 0m, null, null);
        if (item.HsCode is not { } code)
        {
            warnings.Add($"{item.Label} has no HS code: its duty is not included.");
            return none;
        }

        if (await tariff.FindAsync(code, item.Origin, date, ct) is not { } found)
        {
            return strict
                ? throw RequestValidationException.For($"items[{index}].hsCode", CustomsErrors.TariffMissing, $"The tariff has no rates for {code} on {date:yyyy-MM-dd}.")
                : Warned(none, $"{item.Label}: the tariff has no rates for {code} on {date:yyyy-MM-dd}: its duty and VAT are not included.");
        }

        if (found.Excise is { } excise && item.ExciseQuantity is null)
        {
            found = strict
                ? throw RequestValidationException.For($"items[{index}].exciseQuantity", CustomsErrors.Incomplete, $"An excise of {excise} applies to {code}: give the quantity in {excise.Unit}.")
                : Warned(found with { Excise = null }, $"{item.Label}: an excise of {excise} applies to {code}; its quantity in {excise.Unit} is unknown, so the excise is not included.");
        }

        if (found.Duty?.SpecificUnit is { } unit && unit != "kg" && unit != item.Unit)
        {
            found = strict
                ? throw RequestValidationException.For($"items[{index}].unit", CustomsErrors.Incomplete, $"The duty on {code} is per {unit}: give the quantity in {unit}.")
                : Warned(found with { Duty = DutyRate.AdValorem(found.Duty!.AdValoremPct ?? 0m) },
                    $"{item.Label}: the duty on {code} is per {unit} and the quantity in {unit} is unknown: only its ad valorem part is included.");
        }

        if (!item.Preference)
        {
            return found with { Preference = null };
        }

        return found.Preference is null
            ? Warned(found, $"{item.Label}: no preference is granted to {code} from {item.Origin} on {date:yyyy-MM-dd}: the full duty is counted.")
            : found;

        ItemTariff Warned(ItemTariff result, string warning)
        {
            warnings.Add(warning);
            return result;
        }
    }
}
