using WellWon.Customs.Contracts;

namespace WellWon.Customs.Calculation;

/// <summary>Where a landed cost comes from: a shipment's calculated declaration, an estimate from its cargo, or figures a user tries.</summary>
public static class LandedCostBases
{
    public const string Declaration = "declaration";
    public const string Estimate = "estimate";
    public const string WhatIf = "what-if";
}

/// <summary>One goods item's landed cost in roubles: its price, the costs to the border and the payments at it.</summary>
public sealed record LandedCostItem(
    string Description,
    string HsCode,
    decimal GoodsValue,
    decimal Freight,
    decimal Insurance,
    decimal Duty,
    decimal Excise,
    decimal Vat,
    decimal Fees,
    decimal Total);

/// <summary>The whole consignment's landed cost; <see cref="TotalWithoutVat"/> is what it costs once the import VAT is recovered.</summary>
public sealed record LandedCostTotals(
    decimal GoodsValue,
    decimal Freight,
    decimal Insurance,
    decimal Duty,
    decimal Excise,
    decimal Vat,
    decimal Fees,
    decimal BrokerAndWarehouse,
    decimal TotalWithoutVat,
    decimal Total);

/// <summary>The answer of <c>/api/customs/landed-cost</c> and of its what-if: amounts in the company's currency, rounded to kopecks.</summary>
public sealed record LandedCost(
    Guid? ShipmentId,
    Guid CompanyId,
    string Currency,
    DateOnly RatesDate,
    string Basis,
    Guid? DeclarationId,
    IReadOnlyList<LandedCostItem> Items,
    LandedCostTotals Totals,
    IReadOnlyList<string> Warnings)
{
    public const string NoFinanceWarning = "Broker and warehouse charges are 0: WellWon keeps no record of them until Finance does.";

    /// <summary>
    /// The landed cost a calculation sheet gives: per item the price, its shares of freight (and loading) and insurance, its
    /// payments and its share of the one processing fee (by customs value; the last item takes the rest). Post-border costs only
    /// lower the customs value: they are in the price, so they are paid anyway.
    /// </summary>
    public static LandedCost From(
        CalculationSheet sheet, IReadOnlyList<string> descriptions, Guid? shipmentId, Guid companyId, DateOnly ratesDate, string basis, Guid? declarationId,
        IEnumerable<string> warnings)
    {
        decimal Lines(int item, params string[] kinds) => sheet.Lines.Where(l => l.Item == item && kinds.Contains(l.Kind)).Sum(l => l.Amount);

        var totalValue = sheet.Items.Sum(i => i.CustomsValue);
        var feeLeft = sheet.Fee;
        var items = new List<LandedCostItem>(sheet.Items.Count);
        for (var i = 0; i < sheet.Items.Count; i++)
        {
            var p = sheet.Items[i];
            var last = i == sheet.Items.Count - 1;
            var fee = last ? feeLeft : totalValue > 0 ? PaymentCalculator.Round(sheet.Fee * p.CustomsValue / totalValue) : 0m;
            feeLeft -= fee;
            var goods = Lines(p.Item, SheetLineKinds.Price);
            var freight = Lines(p.Item, CostKinds.Freight, CostKinds.Loading);
            var insurance = Lines(p.Item, CostKinds.Insurance);
            items.Add(new LandedCostItem(i < descriptions.Count ? descriptions[i] : string.Empty, p.HsCode, goods, freight, insurance, p.Duty, p.Excise, p.Vat, fee,
                goods + freight + insurance + p.Duty + p.Excise + p.Vat + fee));
        }

        const decimal brokerAndWarehouse = 0m;
        var total = items.Sum(i => i.Total) + brokerAndWarehouse;
        var vat = items.Sum(i => i.Vat);
        var totals = new LandedCostTotals(
            items.Sum(i => i.GoodsValue), items.Sum(i => i.Freight), items.Sum(i => i.Insurance), items.Sum(i => i.Duty), items.Sum(i => i.Excise),
            vat, items.Sum(i => i.Fees), brokerAndWarehouse, total - vat, total);
        return new LandedCost(shipmentId, companyId, CurrencyCodes.Rouble, ratesDate, basis, declarationId, items, totals, [.. warnings, NoFinanceWarning]);
    }
}
