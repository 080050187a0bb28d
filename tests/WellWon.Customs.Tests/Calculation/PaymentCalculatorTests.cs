using WellWon.Customs.Calculation;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.Tariff;
using WellWon.Platform.Kernel;
using static WellWon.Customs.Tests.Calculation.WorkedExample;

namespace WellWon.Customs.Tests.Calculation;

/// <summary>The calculation's rules one at a time: rounding, allocation by value, the "not less than" side, excise, procedures, missing inputs.</summary>
public sealed class PaymentCalculatorTests
{
    private static CalculationInput One(ItemTariff tariff, Money price, decimal netKg = 100m, decimal quantity = 100m, string unit = "kg", decimal? exciseQuantity = null) =>
        new(Date, ProcedureCodes.ImportForHomeUse, AllocationMethods.ByWeight, Rates,
            [new CalculationItem(tariff.HsCode, netKg, netKg, quantity, unit, price, tariff, exciseQuantity)], [], FeeBands);

    [Theory]
    [InlineData(0.005, 0.01)]
    [InlineData(0.015, 0.02)]
    [InlineData(2.345, 2.35)]
    [InlineData(2.3449, 2.34)]
    public void Rounding_is_half_up_to_kopecks(decimal amount, decimal expected) => Assert.Equal(expected, PaymentCalculator.Round(amount));

    [Fact]
    public void Half_a_kopeck_of_duty_rounds_up_not_to_even()
    {
        // 0.25 RUB × 10 % = 0.025 → 0.03 (banker's rounding would give 0.02).
        var sheet = PaymentCalculator.Calculate(One(new ItemTariff("8482109000", DutyRate.AdValorem(10m), "standard", 20m, null, null), new Money(0.25m, "RUB")));
        Assert.Equal(0.03m, sheet.Duty);
    }

    [Fact]
    public void Costs_can_be_shared_by_value_instead()
    {
        var sheet = PaymentCalculator.Calculate(Input(AllocationMethods.ByValue));
        // Freight 242 250.00 by price 969 000.00 / 679 620.00 / 374 004.80 of 2 022 624.80: 116 057.24 (116 057.2391), 81 398.16 (81 398.1639), rest 44 794.60.
        var freight = sheet.Lines.Where(l => l.Kind == CostKinds.Freight).Select(l => l.Amount).ToArray();
        Assert.Equal([116_057.24m, 81_398.16m, 44_794.60m], freight);
        Assert.Equal("969000 / 2022624.8 RUB", sheet.Lines.First(l => l.Kind == CostKinds.Freight).Rate);
    }

    [Fact]
    public void Combined_duty_takes_the_ad_valorem_side_when_it_is_greater()
    {
        // 10 % of 1 000 000.00 = 100 000.00 against 100 kg × 1.75 EUR × 93.5012 = 16 362.71.
        var shirts = WorkedExample.Shirts with { Preference = null };
        var sheet = PaymentCalculator.Calculate(One(shirts, new Money(1_000_000m, "RUB")));
        Assert.Equal(100_000.00m, sheet.Duty);
    }

    [Fact]
    public void Excise_is_charged_per_unit_and_enters_the_vat_base()
    {
        // Whisky: 1 000.00 EUR = 93 501.20; duty 250 l × 2 EUR × 93.5012 = 46 750.60; excise 100 l of alcohol × 743 = 74 300.00;
        // VAT (93 501.20 + 46 750.60 + 74 300.00) × 20 % = 42 910.36.
        var whisky = new ItemTariff("2208303000", DutyRate.Specific(2m, "EUR", "l"), "standard", 20m, new ExciseRate(743m, "l_alcohol"), null);
        var sheet = PaymentCalculator.Calculate(One(whisky, new Money(1_000m, "EUR"), netKg: 260m, quantity: 250m, unit: "l", exciseQuantity: 100m));
        Assert.Equal((46_750.60m, 74_300.00m, 42_910.36m), (sheet.Duty, sheet.Excise, sheet.Vat));
        Assert.Equal("100 l_alcohol × 743 = 74300.00", Assert.Single(sheet.Lines, l => l.Kind == SheetLineKinds.Excise).Formula);
    }

    [Fact]
    public void An_excise_without_its_quantity_or_a_specific_rate_in_another_unit_is_refused()
    {
        var whisky = new ItemTariff("2208303000", DutyRate.AdValorem(0m), "standard", 20m, new ExciseRate(743m, "l_alcohol"), null);
        Assert.Equal(CustomsErrors.Incomplete, Assert.ThrowsAny<DomainException>(() => PaymentCalculator.Calculate(One(whisky, new Money(1m, "EUR")))).Code);
        var perPair = new ItemTariff("6403991600", DutyRate.Specific(1.5m, "EUR", "pair"), "standard", 20m, null, null);
        Assert.Equal(CustomsErrors.Incomplete, Assert.ThrowsAny<DomainException>(() => PaymentCalculator.Calculate(One(perPair, new Money(1m, "EUR"), unit: "pcs"))).Code);
    }

    [Fact]
    public void Export_pays_the_export_duty_its_tariff_sets_VAT_at_0_and_the_fee()
    {
        // 20,000 kg of sunflower seeds for 12,000 USD: customs value 12,000 × 80.75 = 969,000.00; 50 % = 484,500.00, not less than
        // 20,000 kg × 0.32 EUR × 93.5012 = 598,407.68, so the duty is 598,407.68; VAT 0 %; fee 4,924 (450,000–1,200,000); total 603,331.68.
        var seeds = ItemTariff.Export("1206009900", DutyRate.Combined(50m, 0.32m, "EUR", "kg"), "3050");
        var input = new CalculationInput(Date, ProcedureCodes.Export, AllocationMethods.ByWeight, Rates,
            [new CalculationItem(seeds.HsCode, 20_400m, 20_000m, 20_000m, "kg", new Money(12_000m, "USD"), seeds)], [], WorkedExample.FeeBands);

        var sheet = PaymentCalculator.Calculate(input);

        Assert.Equal((969_000.00m, 598_407.68m, 0m, 0m, 4_924m, 603_331.68m), (sheet.CustomsValue, sheet.Duty, sheet.Excise, sheet.Vat, sheet.Fee, sheet.Total));
        var duty = Assert.Single(sheet.Lines, l => l.Kind == SheetLineKinds.Duty);
        Assert.Equal(("3050", "50 %, but not less than 0.32 EUR/kg"), (duty.PaymentCode, duty.Rate));
        Assert.Equal(("0 % (export)", 0m), Assert.Single(sheet.Lines, l => l.Kind == SheetLineKinds.Vat) is var vat ? (vat.Rate, vat.Amount) : default);
    }

    [Fact]
    public void Export_of_goods_without_an_export_duty_pays_the_fee_only()
    {
        var bearings = ItemTariff.Export("8482109000", null, null);
        var input = new CalculationInput(Date, ProcedureCodes.Export, AllocationMethods.ByWeight, Rates,
            [new CalculationItem(bearings.HsCode, 1_500m, 1_400m, 12_000m, "pcs", new Money(12_000m, "USD"), bearings)], [], WorkedExample.FeeBands);

        var sheet = PaymentCalculator.Calculate(input);

        Assert.Equal((0m, 0m, 0m, 4_924m), (sheet.Duty, sheet.Excise, sheet.Vat, sheet.Fee));
        Assert.DoesNotContain(sheet.Lines, l => l.Kind == SheetLineKinds.Duty);
    }

    [Fact]
    public void Procedures_other_than_import_and_export_carry_the_fee_only()
    {
        var sheet = PaymentCalculator.Calculate(Input(procedure: "80"));
        Assert.Equal((0m, 0m, 0m, 13_541m), (sheet.Duty, sheet.Excise, sheet.Vat, sheet.Fee));
        Assert.DoesNotContain(sheet.Lines, l => l.Kind is SheetLineKinds.Duty or SheetLineKinds.Vat);
    }

    [Fact]
    public void Rates_must_be_of_the_declaration_date_and_cover_every_currency()
    {
        var otherDay = Input() with { Rates = new CurrencyRates(Date.AddDays(-1), Rates.RubPerUnit) };
        Assert.Equal(CustomsErrors.RateMissing, Assert.ThrowsAny<DomainException>(() => PaymentCalculator.Calculate(otherDay)).Code);
        var noCny = Input() with { Rates = new CurrencyRates(Date, new Dictionary<string, decimal> { ["EUR"] = 93.5012m, ["USD"] = 80.75m }) };
        Assert.Equal(CustomsErrors.RateMissing, Assert.ThrowsAny<DomainException>(() => PaymentCalculator.Calculate(noCny)).Code);
    }

    [Fact]
    public void A_value_outside_every_band_is_refused_rather_than_charged_nothing()
    {
        var noBands = Input() with { FeeBands = [] };
        Assert.Equal(CustomsErrors.FeeBandMissing, Assert.ThrowsAny<DomainException>(() => PaymentCalculator.Calculate(noBands)).Code);
    }

    [Fact]
    public void Post_border_costs_beyond_the_price_are_refused()
    {
        var input = One(WorkedExample.Bearings, new Money(10m, "RUB")) with { Costs = [new CalculationCost(CostKinds.PostBorder, new Money(11m, "RUB"))] };
        Assert.Equal(CustomsErrors.Incomplete, Assert.ThrowsAny<DomainException>(() => PaymentCalculator.Calculate(input)).Code);
    }
}
