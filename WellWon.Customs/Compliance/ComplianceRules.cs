using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.ReadModel;

namespace WellWon.Customs.Compliance;

/// <summary>
/// The checks a declaration gets from data outside it (pure: the caller reads the data). Weights against its shipment: within
/// <see cref="WeightTolerancePct"/> (or 1 kg) nothing, up to <see cref="WeightErrorPct"/> a warning (packing, rounding), beyond it
/// an error (goods left out or added). A unit price more than <see cref="PriceFactor"/> times above or below the median of the
/// company's earlier declarations of the same code, currency and unit (at least <see cref="MinHistory"/> of them): a warning, as
/// customs' risk profiles flag it. Restricted goods in force on the declaration date: an error with the rule's own code and message.
/// </summary>
public static class ComplianceRules
{
    public const decimal WeightTolerancePct = 1m;
    public const decimal WeightErrorPct = 5m;
    public const decimal WeightToleranceKg = 1m;
    public const int MinHistory = 3;
    public const decimal PriceFactor = 3m;

    public const string WeightMismatch = "customs.weight-mismatch";
    public const string ShipmentUnknown = "customs.shipment-unknown";
    public const string PriceUnusual = "customs.price-unusual";

    public static IReadOnlyList<ComplianceFinding> Evaluate(
        DeclarationState state, ShipmentGoods? shipment, IReadOnlyList<IReadOnlyList<decimal>> priceHistory, RestrictedGoods restricted, DateOnly on) =>
        [.. Weights(state, shipment), .. Prices(state, priceHistory), .. Restricted(state, restricted, on)];

    public static IEnumerable<ComplianceFinding> Weights(DeclarationState state, ShipmentGoods? shipment)
    {
        if (state.Header.ShipmentId is not { } shipmentId || state.Items.Count == 0)
        {
            yield break;
        }

        if (shipment is null)
        {
            yield return ComplianceFinding.Warning(ShipmentUnknown, "shipmentId", $"Shipment {shipmentId} is not known to Customs: its weights could not be compared.");
            yield break;
        }

        foreach (var (field, declared, shipped) in new[] { ("grossKg", state.Items.Sum(i => i.GrossKg), shipment.GrossKg), ("netKg", state.Items.Sum(i => i.NetKg), shipment.NetKg) })
        {
            var difference = Math.Abs(declared - shipped);
            var pct = shipped > 0 ? difference * 100m / shipped : 100m;
            if (difference <= WeightToleranceKg || pct <= WeightTolerancePct)
            {
                continue;
            }

            var message = $"The items' {(field == "grossKg" ? "gross" : "net")} weight, {declared:0.###} kg, differs from shipment {shipment.Reference}'s {shipped:0.###} kg by {pct:0.#} %.";
            yield return pct > WeightErrorPct
                ? ComplianceFinding.Error(WeightMismatch, $"items.{field}", message)
                : ComplianceFinding.Warning(WeightMismatch, $"items.{field}", message);
        }
    }

    public static IEnumerable<ComplianceFinding> Prices(DeclarationState state, IReadOnlyList<IReadOnlyList<decimal>> priceHistory)
    {
        for (var i = 0; i < state.Items.Count && i < priceHistory.Count; i++)
        {
            var item = state.Items[i];
            if (priceHistory[i].Count < MinHistory || item.Quantity <= 0)
            {
                continue;
            }

            var median = Median(priceHistory[i]);
            var unitPrice = item.InvoicePrice.Amount / item.Quantity;
            if (median > 0 && (unitPrice > median * PriceFactor || unitPrice * PriceFactor < median))
            {
                yield return ComplianceFinding.Warning(PriceUnusual, $"items[{i}].invoicePrice",
                    $"{unitPrice:0.####} {item.InvoicePrice.Currency}/{item.Unit} for {item.HsCode} is far from the {median:0.####} of this company's {priceHistory[i].Count} earlier declarations.");
            }
        }
    }

    public static IEnumerable<ComplianceFinding> Restricted(DeclarationState state, RestrictedGoods restricted, DateOnly on)
    {
        for (var i = 0; i < state.Items.Count; i++)
        {
            var item = state.Items[i];
            if (restricted.Rules.FirstOrDefault(r => r.Covers(item.HsCode, item.Origin, on)) is { } rule)
            {
                yield return ComplianceFinding.Error(rule.Code, $"items[{i}].hsCode", $"{item.HsCode} from {item.Origin}: {rule.Message}");
            }
        }
    }

    private static decimal Median(IReadOnlyList<decimal> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2m;
    }
}
