using System.Collections.Immutable;
using WellWon.Customs.Compliance;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.ReadModel;
using static WellWon.Customs.Tests.Domain.DeclarationFixture;

namespace WellWon.Customs.Tests.Compliance;

/// <summary>The checks made from data outside a declaration, each with its code, severity and field; and what they do to the check.</summary>
public sealed class ComplianceRulesTests
{
    private static readonly DateOnly On = new(2025, 11, 14);
    private static readonly Guid ShipmentId = Guid.Parse("0193a8f0-0000-7000-8000-0000000000f1");
    private static readonly RestrictedGoods NoRestrictions = new([]);

    // The worked example's items weigh 4 500 kg gross and 4 100 kg net.
    private static DeclarationState Linked() => Filled().State with { Header = Filled().State.Header with { ShipmentId = ShipmentId } };

    private static ShipmentGoods Shipment(decimal grossKg, decimal netKg) => new(ShipmentId, CompanyId, "WW-2025-000118", "sea", "FOB", "Shanghai", "booked",
        [new ShipmentCargo(Guid.NewGuid(), "Mixed goods", null, 10, "pallets", grossKg, netKg, null)], [new ShipmentLegPlaces(Guid.NewGuid(), "CNSHA", "RUVVO")]);

    private static IReadOnlyList<IReadOnlyList<decimal>> NoHistory(DeclarationState s) => [.. s.Items.Select(_ => (IReadOnlyList<decimal>)[])];

    [Theory]
    [InlineData(4_500, 4_100, null)]        // the same
    [InlineData(4_530, 4_120, null)]        // within 1 %
    [InlineData(4_650, 4_100, "warning")]   // 3.2 %
    [InlineData(5_000, 4_100, "error")]     // 10 %
    public void Weights_differing_from_the_shipment_warn_or_err_by_how_much(int grossKg, int netKg, string? severity)
    {
        var findings = ComplianceRules.Evaluate(Linked(), Shipment(grossKg, netKg), NoHistory(Linked()), NoRestrictions, On);
        var weight = findings.Where(f => f.Code == ComplianceRules.WeightMismatch).ToList();
        if (severity is null)
        {
            Assert.Empty(weight);
            return;
        }

        var finding = Assert.Single(weight);
        Assert.Equal((severity, "items.grossKg"), (finding.Severity, finding.Field));
    }

    [Fact]
    public void A_linked_shipment_customs_never_heard_of_is_a_warning()
    {
        var finding = Assert.Single(ComplianceRules.Evaluate(Linked(), null, NoHistory(Linked()), NoRestrictions, On));
        Assert.Equal((ComplianceRules.ShipmentUnknown, ComplianceSeverities.Warning, "shipmentId"), (finding.Code, finding.Severity, finding.Field));
    }

    [Fact]
    public void A_unit_price_far_from_the_company_history_is_a_warning_and_needs_enough_history()
    {
        var state = Filled().State; // bearings: 12 000 USD for 12 000 pcs = 1 USD/pcs
        IReadOnlyList<IReadOnlyList<decimal>> Of(params decimal[] bearings) => [bearings, [], []];

        Assert.Empty(ComplianceRules.Prices(state, Of(4m, 4.2m)));            // two earlier declarations are not a history
        Assert.Empty(ComplianceRules.Prices(state, Of(0.9m, 1.1m, 1.2m)));     // usual
        var finding = Assert.Single(ComplianceRules.Prices(state, Of(4m, 4.2m, 3.9m, 4.1m)));
        Assert.Equal((ComplianceRules.PriceUnusual, ComplianceSeverities.Warning, "items[0].invoicePrice"), (finding.Code, finding.Severity, finding.Field));
        Assert.Single(ComplianceRules.Prices(state, Of(0.2m, 0.25m, 0.3m)));   // far above as well as far below
    }

    [Fact]
    public void Restricted_goods_are_errors_by_code_origin_and_validity_from_the_embedded_data()
    {
        var restricted = RestrictedGoods.Embedded();
        var fromNorway = Filled().State with { Items = Filled().State.Items.SetItem(1, Cod() with { Origin = "NO" }) };
        var finding = Assert.Single(ComplianceRules.Restricted(fromNorway, restricted, On));
        Assert.Equal(("customs.goods-embargoed", ComplianceSeverities.Error, "items[1].hsCode"), (finding.Code, finding.Severity, finding.Field));
        Assert.Empty(ComplianceRules.Restricted(Filled().State, restricted, On));                        // cod from China
        Assert.Empty(ComplianceRules.Restricted(fromNorway, restricted, new DateOnly(2014, 8, 6)));       // before the embargo

        var lapsed = RestrictedGoods.Parse("hs_prefix|origins|valid_from|valid_to|code|message\n0303|NO|2014-08-07|2020-12-31|customs.goods-embargoed|Lapsed.\n");
        Assert.Empty(ComplianceRules.Restricted(fromNorway, lapsed, On));
    }

    [Fact]
    public void Errors_keep_the_draft_a_draft_and_warnings_let_it_be_checked()
    {
        var declaration = Filled();
        var findings = declaration.Check(User, Now, [ComplianceFinding.Error("customs.goods-embargoed", "items[1].hsCode", "Embargoed.")]);
        Assert.Equal(DeclarationStatuses.Draft, declaration.State.Status);
        Assert.Single(findings, f => f.IsError);

        var warned = declaration.Check(User, Now, [ComplianceFinding.Warning(ComplianceRules.PriceUnusual, "items[0].invoicePrice", "Unusual.")]);
        Assert.Equal(DeclarationStatuses.Checked, declaration.State.Status);
        Assert.All(warned, f => Assert.Equal(ComplianceSeverities.Warning, f.Severity));
    }

    [Fact]
    public void Every_completeness_gap_is_reported_at_once()
    {
        var declaration = Draft();
        declaration.AddItem(Bearings() with { Documents = [] }, User, Now);
        declaration.AddItem(Shirts() with { Documents = [Invoice] }, User, Now);
        var fields = declaration.Check(User, Now, []).Where(f => f.IsError).Select(f => f.Field).ToImmutableHashSet();
        Assert.Superset(ImmutableHashSet.Create("items[0].documents", "items[1].documents", "costs"), fields);
        Assert.Equal(DeclarationStatuses.Draft, declaration.State.Status);
    }
}
