using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;

namespace WellWon.Logistics.Tests.Domain;

/// <summary>UN/LOCODEs, Incoterms 2020 by mode, HS codes, currencies, flight and B/L numbers.</summary>
public sealed class TradeCodeTests
{
    [Theory]
    [InlineData("CNSHA")] // Shanghai
    [InlineData("RULED")] // Saint Petersburg
    [InlineData("RUVVO")] // Vladivostok
    [InlineData("DEHAM")] // Hamburg
    [InlineData("USNYC")] // New York
    [InlineData("NLRTM")] // Rotterdam
    [InlineData("CNSZ9")] // places run out of letters: digits 2-9 are allowed
    [InlineData("XZABC")] // UN/LOCODE's own code for installations in international waters
    public void UN_LOCODEs_of_a_country_and_three_letters_or_digits_2_to_9_pass(string code) => Assert.Null(UnLocode.Check(code, "from"));

    [Theory]
    [InlineData("CNSH1", ShipmentErrors.UnLocodeInvalid)] // 1 and 0 are never used, so they are not confused with I and O
    [InlineData("CNSH0", ShipmentErrors.UnLocodeInvalid)]
    [InlineData("C1SHA", ShipmentErrors.UnLocodeInvalid)]
    [InlineData("CNSHAI", ShipmentErrors.UnLocodeInvalid)]
    [InlineData("SHA", ShipmentErrors.UnLocodeInvalid)]
    [InlineData("QQSHA", ShipmentErrors.UnLocodeCountryUnknown)] // QQ is no ISO 3166 country
    [InlineData("UKLON", ShipmentErrors.UnLocodeCountryUnknown)] // the United Kingdom is GB
    public void Other_codes_are_refused_saying_why(string code, string error) => Assert.Equal(error, UnLocode.Check(code, "to")?.Code);

    [Fact]
    public void UN_LOCODEs_written_with_a_space_or_in_lower_case_are_normalised() => Assert.Equal("CNSHA", UnLocode.Normalize(" cn sha"));

    [Fact]
    public void There_are_the_eleven_Incoterms_2020_rules()
    {
        Assert.Equal(["CFR", "CIF", "CIP", "CPT", "DAP", "DDP", "DPU", "EXW", "FAS", "FCA", "FOB"], Incoterms.All.Order());
        Assert.Equal(["CFR", "CIF", "FAS", "FOB"], Incoterms.SeaOnly.Order());
    }

    [Theory]
    [InlineData("FOB", TransportModes.Sea, true)]
    [InlineData("CIF", TransportModes.Sea, true)]
    [InlineData("FOB", TransportModes.Air, false)]
    [InlineData("FAS", TransportModes.Rail, false)]
    [InlineData("CFR", TransportModes.Road, false)]
    [InlineData("CIF", TransportModes.Multimodal, false)] // containers by sea and rail: CIP, not CIF
    [InlineData("FCA", TransportModes.Air, true)]
    [InlineData("DAP", TransportModes.Multimodal, true)]
    [InlineData("EXW", TransportModes.Road, true)]
    [InlineData("DDP", TransportModes.Sea, true)]
    public void The_four_maritime_rules_govern_sea_transport_only(string incoterm, string mode, bool allowed) =>
        Assert.Equal(allowed, Incoterms.Allows(incoterm, mode));

    [Theory]
    [InlineData("848210", true)]
    [InlineData("84821010", true)]
    [InlineData("8482101000", true)] // EAEU 10 digits
    [InlineData("84821", false)]
    [InlineData("84821010001", false)]
    [InlineData("8482AB", false)]
    public void HS_codes_have_6_to_10_digits(string code, bool valid) => Assert.Equal(valid, HsCode.IsValid(code));

    [Fact]
    public void HS_codes_as_tariffs_print_them_are_normalised() => Assert.Equal("8482101000", HsCode.Normalize("8482.10 10 00"));

    [Fact]
    public void Currencies_in_circulation_are_known_and_funds_metals_and_withdrawn_ones_are_not()
    {
        Assert.All("USD EUR CNY RUB KZT AED JPY XOF ZWG XCG".Split(' '), c => Assert.True(CurrencyCodes.All.Contains(c), c));
        Assert.All("XAU XDR XTS USN HRK ZWL RUR usd".Split(' '), c => Assert.False(CurrencyCodes.All.Contains(c), c));
    }

    [Theory]
    [InlineData("SU1234", true)]
    [InlineData("CA987", true)]
    [InlineData("U21234", true)] // IATA designators may hold a digit
    [InlineData("AFL1234", true)] // ICAO three-letter designator
    [InlineData("SU1234A", true)]
    [InlineData("SU12345", false)]
    [InlineData("12345", false)]
    public void Flight_numbers_are_an_airline_designator_and_up_to_four_digits(string flight, bool valid) =>
        Assert.Equal(valid, TransportIds.IsFlightNumber(flight));

    [Theory]
    [InlineData("MEDUSH123456", true)]
    [InlineData("SHA/LED-0042", true)]
    [InlineData("AB", false)]
    [InlineData("B/L 1", false)]
    public void Bill_of_lading_numbers_are_3_to_35_letters_digits_dashes_or_slashes(string bl, bool valid) => Assert.Equal(valid, TransportIds.IsBlNumber(bl));
}
