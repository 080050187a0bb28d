using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using static WellWon.Logistics.Tests.Domain.ShipmentFixture;

namespace WellWon.Logistics.Tests.Domain;

/// <summary>A shipment's data rules, each named by the field it concerns from the shipment (<c>cargo[0].netWeightKg</c>).</summary>
public sealed class ShipmentRulesTests
{
    [Fact]
    public void A_consistent_draft_breaks_no_rule() => Assert.Empty(ShipmentRules.CheckDraft(Plan()));

    [Fact]
    public void Net_weight_may_equal_gross_but_not_exceed_it()
    {
        Assert.Empty(ShipmentRules.CheckCargoLine(Bearings(gross: 1200, net: 1200)));
        var broken = Assert.Single(ShipmentRules.CheckDraft(Plan(cargo: [Bearings(), Bearings(gross: 1000, net: 1000.5m)])));
        Assert.Equal(("cargo[1].netWeightKg", ShipmentErrors.NetExceedsGross), (broken.Field, broken.Code));
    }

    [Fact]
    public void A_cargo_line_has_a_description_packages_a_positive_gross_weight_and_a_real_currency()
    {
        var line = new CargoLine(Guid.NewGuid(), "", "84821", 0, null, 0, -1, -2, new Money(-5, "USDT"));
        Assert.Equal(
            [
                ("description", ShipmentErrors.DescriptionInvalid),
                ("hsCode", ShipmentErrors.HsCodeInvalid),
                ("packages", ShipmentErrors.PackagesInvalid),
                ("grossWeightKg", ShipmentErrors.WeightInvalid),
                ("netWeightKg", ShipmentErrors.WeightInvalid),
                ("volumeM3", ShipmentErrors.VolumeInvalid),
                ("declaredValue.amount", ShipmentErrors.AmountInvalid),
                ("declaredValue.currency", ShipmentErrors.CurrencyInvalid),
            ],
            ShipmentRules.CheckCargoLine(line).Select(v => (v.Field, v.Code)));
    }

    [Fact]
    public void Each_leg_starts_where_the_one_before_it_ended()
    {
        var legs = new[] { Leg("CNSHA", "RULED"), Leg("RUVVO", "RUMOW", TransportModes.Rail) };
        var broken = Assert.Single(ShipmentRules.CheckDraft(Plan(legs: legs)));
        Assert.Equal(("legs[1].from", ShipmentErrors.LegsNotChained), (broken.Field, broken.Code));
        Assert.Contains("RUVVO", broken.Message, StringComparison.Ordinal);
        Assert.Contains("RULED", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_legs_ETA_is_not_before_its_ETD_and_may_equal_it()
    {
        Assert.Empty(ShipmentRules.CheckLeg(Leg("CNSHA", "RULED", etd: Now, eta: Now), modeMayBeInherited: false));
        var broken = Assert.Single(ShipmentRules.CheckDraft(Plan(legs: [Leg("CNSHA", "RULED", etd: Now, eta: Now.AddHours(-1))])));
        Assert.Equal(("legs[0].eta", ShipmentErrors.EtaBeforeEtd), (broken.Field, broken.Code));
    }

    [Fact]
    public void A_leg_joins_two_real_places_by_one_mode_with_the_identifiers_of_that_mode()
    {
        Assert.Equal(
            [("to", ShipmentErrors.UnLocodeCountryUnknown)],
            ShipmentRules.CheckLeg(Leg("CNSHA", "QQLED"), modeMayBeInherited: false).Select(v => (v.Field, v.Code)));
        Assert.Equal(
            [("to", ShipmentErrors.LegEndsEqual)],
            ShipmentRules.CheckLeg(Leg("CNSHA", "CNSHA"), modeMayBeInherited: false).Select(v => (v.Field, v.Code)));
        Assert.Equal(
            [("mode", ShipmentErrors.LegModeInvalid)],
            ShipmentRules.CheckLeg(Leg("CNSHA", "RULED", TransportModes.Multimodal), modeMayBeInherited: false).Select(v => (v.Field, v.Code)));
        Assert.Equal(
            [("vessel", ShipmentErrors.VesselNotSea), ("flightNumber", ShipmentErrors.FlightNotAir)],
            ShipmentRules.CheckLeg(Leg("CNSHA", "RULED", TransportModes.Rail) with { Vessel = "MSC Oscar", FlightNumber = "SU1234" }, false).Select(v => (v.Field, v.Code)));
        Assert.Empty(ShipmentRules.CheckLeg(Leg("CNPVG", "RUSVO", TransportModes.Air) with { FlightNumber = "SU209" }, false));
    }

    [Fact]
    public void A_leg_without_a_mode_goes_by_the_shipments_unless_the_shipment_is_multimodal()
    {
        var leg = Leg("CNSHA", "RULED", mode: "");
        Assert.Equal(TransportModes.Sea, ShipmentRules.WithInheritedMode(leg, TransportModes.Sea).Mode);
        var broken = Assert.Single(ShipmentRules.CheckDraft(Plan(mode: TransportModes.Multimodal, incoterm: "CIP", legs: [leg])));
        Assert.Equal("legs[0].mode", broken.Field);
    }

    [Fact]
    public void A_maritime_Incoterm_on_an_air_shipment_is_refused_at_incoterm()
    {
        var broken = Assert.Single(ShipmentRules.CheckDraft(Plan(mode: TransportModes.Air, incoterm: "FOB", legs: [Leg("CNPVG", "RUSVO", TransportModes.Air)])));
        Assert.Equal(("incoterm", ShipmentErrors.IncotermMode), (broken.Field, broken.Code));
        Assert.Empty(ShipmentRules.CheckDraft(Plan(mode: TransportModes.Air, incoterm: "FCA", legs: [Leg("CNPVG", "RUSVO", TransportModes.Air)])));
    }

    [Fact]
    public void A_party_is_a_WellWon_company_or_a_named_outsider_never_both()
    {
        Assert.Null(ShipmentRules.CheckParty(new Party(Guid.NewGuid(), null, null), "shipper"));
        Assert.Null(ShipmentRules.CheckParty(new Party(null, "Ningbo Bearings Co.", null), "shipper"));
        Assert.Equal("shipper", ShipmentRules.CheckParty(new Party(Guid.NewGuid(), "Ningbo", null), "shipper")?.Field);
        Assert.Equal("consignee.name", ShipmentRules.CheckParty(new Party(null, null, "Moscow"), "consignee")?.Field);
        Assert.Equal("notifyParty", ShipmentRules.CheckParty(new Party(Guid.Empty, null, null), "notifyParty")?.Field);
    }

    [Fact]
    public void Containers_are_named_by_their_place_in_the_shipment_and_appear_once()
    {
        var draft = Plan() with { Containers = [Box(), Box("MSCU1234567"), Box("CSQU3054383", "45GX"), Box()] };
        Assert.Equal(
            [
                ("containers[1].number", ShipmentErrors.ContainerCheckDigit),
                ("containers[2].type", ShipmentErrors.ContainerTypeInvalid),
                ("containers[3].number", ShipmentErrors.ContainerDuplicate),
            ],
            ShipmentRules.CheckDraft(draft).Select(v => (v.Field, v.Code)));
    }

    [Fact]
    public void The_aggregate_refuses_a_broken_draft_with_the_same_rule_and_field()
    {
        Broken(() => Shipment.Create(ShipmentId, CompanyId, "WW-2026-000001", Plan(cargo: [Bearings(gross: 10, net: 11)]), User, Now),
            ShipmentErrors.NetExceedsGross, "cargo[0].netWeightKg");
        Broken(() => Shipment.Create(ShipmentId, CompanyId, "WW-2026-000001", Plan() with { Containers = [Box("MSCU1234567")] }, User, Now),
            ShipmentErrors.ContainerCheckDigit, "containers[0].number");
    }
}
