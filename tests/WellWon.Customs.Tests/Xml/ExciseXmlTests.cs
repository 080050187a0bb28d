using WellWon.Customs.Calculation;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.Tariff;
using WellWon.Customs.Xml;
using static WellWon.Customs.Tests.Domain.DeclarationFixture;

namespace WellWon.Customs.Tests.Xml;

/// <summary>A declaration with an excisable item exports its excise in box 47 and in box B with the excise's payment type code, and validates.</summary>
public sealed class ExciseXmlTests
{
    private static readonly Guid WineId = Guid.Parse("0193a8f0-0000-7000-8000-00000000d0e1");

    /// <summary>Italian still wine: 12.5 % duty, excise 36 RUB/l under code 4040 (the sample's, not verified), VAT 20 %.</summary>
    private static readonly ItemTariff Wine = new("2204219800", DutyRate.AdValorem(12.5m), "standard", 20m, new ExciseRate(36m, "l", "4040"), null);

    private static CustomsDeclaration Calculated()
    {
        var declaration = CustomsDeclaration.Create(DeclarationId, CompanyId, Header(incoterm: "CIF"), User, Now.AddHours(-3));
        declaration.AddItem(new GoodsItem(WineId, "Still red wine, 0.75 l bottles", "2204219800", "IT", 1_000m, "l", 1_300m, 1_000m,
            new Money(5_000m, "EUR"), null, 1_000m, [Invoice]), User, Now.AddHours(-2));
        declaration.SetCosts([new(CostKinds.Freight, new Money(500m, "EUR"))], User, Now.AddHours(-2));
        declaration.Check(User, Now.AddHours(-1));
        var input = DeclarationCalculation.Input(declaration.State, new Dictionary<Guid, ItemTariff> { [WineId] = Wine }, Calculation.WorkedExample.Rates, Calculation.WorkedExample.FeeBands);
        declaration.RecordCalculation(PaymentCalculator.Calculate(input), User, Now.AddHours(-1));
        return declaration;
    }

    [Fact]
    public void The_excise_is_a_payment_line_with_its_code_and_the_xml_is_the_checked_in_one()
    {
        var state = Calculated().State;

        // (5,000 + 500) EUR × 93.5012 = 514,256.60; duty 12.5 % = 64,282.08; excise 1,000 l × 36 = 36,000.00;
        // VAT 20 % of (514,256.60 + 64,282.08 + 36,000.00) = 122,907.74; fee 4,924.00 (450,000–1,200,000); total 228,113.82.
        var sheet = state.Calculation!;
        Assert.Equal((514_256.60m, 64_282.08m, 36_000.00m, 122_907.74m, 4_924m, 228_113.82m), (sheet.CustomsValue, sheet.Duty, sheet.Excise, sheet.Vat, sheet.Fee, sheet.Total));

        var (xml, failures) = DeclarationXmlExporter.Export(DeclarationId, state);
        Assert.Empty(failures);
        var document = GoldenXml.Canonical(xml!);
        var totals = document.Descendants().Where(e => e.Name.LocalName == "ESADout_CUPaymentTotal").ToList();
        Assert.Equal(
            [("duty", "2010", "64282.08"), ("excise", "4040", "36000"), ("vat", "5010", "122907.74"), ("fee", "1010", "4924")],
            totals.Select(t => ((string)t.Attribute("kind")!, t.Elements().Single(e => e.Name.LocalName == "PaymentModeCode").Value,
                t.Elements().Single(e => e.Name.LocalName == "PaymentAmount").Value)));
        var exciseLine = document.Descendants().Single(e => e.Name.LocalName == "ESADout_CUCustomsPaymentCalculation" && (string?)e.Attribute("kind") == "excise");
        Assert.Equal("4040", exciseLine.Elements().Single(e => e.Name.LocalName == "PaymentModeCode").Value);
        GoldenXml.AssertMatches("ESADout_CU.excise.xml", xml!);
    }

    [Fact]
    public void Excises_of_two_kinds_of_goods_are_two_lines_of_box_B()
    {
        var declaration = Calculated();
        var sheet = declaration.State.Calculation!;
        var state = declaration.State with
        {
            Calculation = sheet with { Lines = [.. sheet.Lines, new SheetLine(1, SheetLineKinds.Excise, 10m, "l_alcohol", "743 RUB/l_alcohol", "10 × 743", 7_430m, "4020")], Excise = sheet.Excise + 7_430m },
        };

        var (xml, failures) = DeclarationXmlExporter.Export(DeclarationId, state);

        Assert.Empty(failures);
        var excises = GoldenXml.Canonical(xml!).Descendants().Where(e => e.Name.LocalName == "ESADout_CUPaymentTotal" && (string?)e.Attribute("kind") == "excise")
            .Select(e => e.Elements().Single(c => c.Name.LocalName == "PaymentModeCode").Value).ToList();
        Assert.Equal(["4020", "4040"], excises);
    }
}
