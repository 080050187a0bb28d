using WellWon.Logistics.Domain;

namespace WellWon.Logistics.Tests.Domain;

/// <summary>ISO 6346 container numbers and size/type codes.</summary>
public sealed class ContainerNumberTests
{
    [Theory]
    [InlineData("CSQU3054383")] // the standard's own example
    [InlineData("MSCU1234566")] // 24 + 60 + 52 + 256 + 16 + 64 + 192 + 512 + 1280 + 3072 = 5528 = 11 × 502 + 6
    [InlineData("MSKU9070323")] // a Maersk box as painted on its doors
    [InlineData("MSCU0000060")] // the sum leaves 10 after mod 11, which counts as 0
    public void Real_numbers_pass_the_check_digit(string number) => Assert.Null(ContainerNumber.Check(number));

    [Fact]
    public void Letters_count_from_10_and_skip_the_multiples_of_11()
    {
        // As ISO 6346 tabulates them: A=10, B=12 (11 skipped), K=21, L=23 (22 skipped), U=32, V=34 (33 skipped), Z=38.
        Assert.Equal([10, 12, 21, 23, 32, 34, 38], "ABKLUVZ".Select(ContainerNumber.ValueOf));
        Assert.Equal(3, ContainerNumber.CheckDigit("CSQU305438"));
        Assert.Equal(6, ContainerNumber.CheckDigit("MSCU123456"));
        Assert.Equal(0, ContainerNumber.CheckDigit("MSCU000006"));
    }

    [Fact]
    public void A_wrong_check_digit_names_the_right_one()
    {
        var broken = ContainerNumber.Check("MSCU1234567");
        Assert.Equal(ShipmentErrors.ContainerCheckDigit, broken?.Code);
        Assert.Contains("is 6, not 7", broken!.Message, StringComparison.Ordinal);
        Assert.Equal("number", broken.Field);
    }

    [Theory]
    [InlineData("MSCU123456")] // no check digit
    [InlineData("MSCX1234566")] // X is no category (U, J or Z)
    [InlineData("MS1U1234566")] // a digit in the owner code
    [InlineData("MSCU12345A6")] // a letter in the serial
    [InlineData("")]
    public void Numbers_of_the_wrong_shape_are_refused_as_such(string number) =>
        Assert.Equal(ShipmentErrors.ContainerNumberInvalid, ContainerNumber.Check(number)?.Code);

    [Fact]
    public void Spaces_dashes_and_lower_case_as_printed_on_doors_are_normalised() =>
        Assert.Equal("MSCU1234566", ContainerNumber.Normalize(" mscu 123456-6 "));

    [Theory]
    [InlineData("22G1")] // 20 ft, 8 ft 6, general purpose
    [InlineData("45G1")] // 40 ft high cube
    [InlineData("42R1")] // 40 ft reefer
    [InlineData("L5G1")] // 45 ft high cube
    [InlineData("22T6")] // tank
    [InlineData("45U1")] // open top
    public void Size_and_type_codes_of_known_groups_pass(string code) => Assert.Null(ContainerTypeCode.Check(code));

    [Theory]
    [InlineData("22X1")] // no type group X
    [InlineData("92G1")] // no length 9
    [InlineData("23G1")] // no height 3
    [InlineData("45GX")] // the detail is a digit
    [InlineData("45G")]
    [InlineData("40HC")] // the trade's nickname, not the code
    public void Other_size_and_type_codes_are_refused(string code) => Assert.Equal(ShipmentErrors.ContainerTypeInvalid, ContainerTypeCode.Check(code)?.Code);
}
