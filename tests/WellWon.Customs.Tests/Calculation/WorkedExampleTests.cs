using WellWon.Customs.Calculation;
using WellWon.Customs.Contracts;

namespace WellWon.Customs.Tests.Calculation;

/// <summary>
/// The acceptance example, computed by hand (half-up to kopecks at each step):
///
/// Prices in roubles
///   1 bearings   12 000.00 USD × 80.75   = 969 000.00
///   2 cod        60 000.00 CNY × 11.327  = 679 620.00
///   3 T-shirts    4 000.00 EUR × 93.5012 = 374 004.80
/// Costs, shared by gross weight 1 500 / 2 200 / 800 of 4 500 kg (the last item takes the rest)
///   freight       3 000.00 USD × 80.75   = 242 250.00 → 80 750.00 | 118 433.33 (118 433.333) | 43 066.67
///   insurance       250.00 EUR × 93.5012 =  23 375.30 →  7 791.77 (7 791.7667) | 11 427.92 (11 427.9244) | 4 155.61
///   post-border     500.00 USD × 80.75   =  40 375.00 → 13 458.33 (13 458.333) | 19 738.89 (19 738.889) | 7 177.78   (deducted)
/// Customs value (method 1)
///   1  969 000.00 + 80 750.00 + 7 791.77 − 13 458.33 = 1 044 083.44
///   2  679 620.00 + 118 433.33 + 11 427.92 − 19 738.89 =  789 742.36
///   3  374 004.80 + 43 066.67 + 4 155.61 − 7 177.78   =  414 049.30
///   total 2 247 875.10 → fee band over 1 200 000 up to 2 700 000: 13 541.00
/// Duty
///   1  1 044 083.44 × 10 % = 104 408.344 → 104 408.34
///   2  2 000 kg net × 0.15 EUR × 93.5012 = 28 050.36
///   3  ad valorem 414 049.30 × 10 % = 41 404.93; specific 700 kg × 1.75 EUR × 93.5012 = 114 538.97; greater 114 538.97;
///      preference × 0.75 = 85 904.2275 → 85 904.23
/// VAT
///   1  (1 044 083.44 + 104 408.34 + 0) × 20 % = 229 698.356 → 229 698.36
///   2  (789 742.36 + 28 050.36 + 0) × 10 %    =  81 779.272 →  81 779.27
///   3  (414 049.30 + 85 904.23 + 0) × 20 %    =  99 990.706 →  99 990.71
/// Totals: duty 218 362.93, VAT 411 468.34, fee 13 541.00, payable 643 372.27.
/// </summary>
public sealed class WorkedExampleTests
{
    private static readonly CalculationSheet Sheet = PaymentCalculator.Calculate(WorkedExample.Input());

    private static decimal Line(int? item, string kind) => Assert.Single(Sheet.Lines, l => l.Item == item && l.Kind == kind).Amount;

    [Fact]
    public void Prices_are_converted_once_at_the_declaration_date_rate()
    {
        Assert.Equal([969_000.00m, 679_620.00m, 374_004.80m], [Line(1, SheetLineKinds.Price), Line(2, SheetLineKinds.Price), Line(3, SheetLineKinds.Price)]);
        Assert.Equal(new Dictionary<string, decimal> { ["CNY"] = 11.327m, ["EUR"] = 93.5012m, ["USD"] = 80.75m }, Sheet.Rates);
    }

    [Fact]
    public void Freight_insurance_and_post_border_costs_are_shared_by_gross_weight_to_the_kopeck()
    {
        Assert.Equal([80_750.00m, 118_433.33m, 43_066.67m], Enumerable.Range(1, 3).Select(i => Line(i, CostKinds.Freight)));
        Assert.Equal([7_791.77m, 11_427.92m, 4_155.61m], Enumerable.Range(1, 3).Select(i => Line(i, CostKinds.Insurance)));
        Assert.Equal([-13_458.33m, -19_738.89m, -7_177.78m], Enumerable.Range(1, 3).Select(i => Line(i, CostKinds.PostBorder)));
        Assert.Equal(242_250.00m, Enumerable.Range(1, 3).Sum(i => Line(i, CostKinds.Freight)));
    }

    [Fact]
    public void Customs_values_and_the_fee_equal_the_hand_figures()
    {
        Assert.Equal([1_044_083.44m, 789_742.36m, 414_049.30m], Enumerable.Range(1, 3).Select(i => Line(i, SheetLineKinds.CustomsValue)));
        Assert.Equal(2_247_875.10m, Sheet.CustomsValue);
        Assert.Equal(13_541.00m, Line(null, SheetLineKinds.Fee));
        Assert.Equal(13_541.00m, Sheet.Fee);
    }

    [Fact]
    public void Duty_is_ad_valorem_specific_and_combined_with_the_preference()
    {
        Assert.Equal([104_408.34m, 28_050.36m, 85_904.23m], Enumerable.Range(1, 3).Select(i => Line(i, SheetLineKinds.Duty)));
        var shirts = Assert.Single(Sheet.Lines, l => l.Item == 3 && l.Kind == SheetLineKinds.Duty);
        Assert.Equal("10 %, but not less than 1.75 EUR/kg, preference developing × 0.75", shirts.Rate);
        Assert.Equal(
            "greater of ad valorem 414049.30 × 10 % = 41404.93 and specific 700 kg × 1.75 EUR × 93.5012 = 114538.97 = 114538.97; preference developing: 114538.97 × 0.75 = 85904.23",
            shirts.Formula);
    }

    [Fact]
    public void Vat_is_charged_on_value_duty_and_excise_at_each_item_s_rate()
    {
        Assert.Equal([229_698.36m, 81_779.27m, 99_990.71m], Enumerable.Range(1, 3).Select(i => Line(i, SheetLineKinds.Vat)));
        var cod = Assert.Single(Sheet.Lines, l => l.Item == 2 && l.Kind == SheetLineKinds.Vat);
        Assert.Equal((817_792.72m, "10 % (reduced)", "(789742.36 + 28050.36 + 0.00) × 10 % = 81779.27"), (cod.Base, cod.Rate, cod.Formula));
    }

    [Fact]
    public void Totals_equal_the_hand_figures()
    {
        Assert.Equal((218_362.93m, 0m, 411_468.34m, 13_541.00m, 643_372.27m), (Sheet.Duty, Sheet.Excise, Sheet.Vat, Sheet.Fee, Sheet.Total));
        Assert.Equal(
            [(1, 1_044_083.44m, 104_408.34m, 229_698.36m), (2, 789_742.36m, 28_050.36m, 81_779.27m), (3, 414_049.30m, 85_904.23m, 99_990.71m)],
            Sheet.Items.Select(i => (i.Item, i.CustomsValue, i.Duty, i.Vat)));
    }

    [Fact]
    public void Every_line_shows_its_base_rate_and_formula()
    {
        Assert.All(Sheet.Lines, l => Assert.False(string.IsNullOrWhiteSpace(l.Rate) || string.IsNullOrWhiteSpace(l.Formula) || string.IsNullOrWhiteSpace(l.BaseUnit)));
        var freight = Assert.Single(Sheet.Lines, l => l.Item == 2 && l.Kind == CostKinds.Freight);
        Assert.Equal((242_250.00m, "2200 / 4500 kg", "3000.00 USD × 80.75 = 242250.00; 242250.00 × 2200 / 4500 = 118433.33"), (freight.Base, freight.Rate, freight.Formula));
        var value = Assert.Single(Sheet.Lines, l => l.Item == 1 && l.Kind == SheetLineKinds.CustomsValue);
        Assert.Equal("969000.00 + 80750.00 (freight) + 7791.77 (insurance) − 13458.33 (post-border) = 1044083.44", value.Formula);
    }
}
