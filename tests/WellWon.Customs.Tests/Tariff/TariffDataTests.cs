using WellWon.Customs.Tariff;

namespace WellWon.Customs.Tests.Tariff;

/// <summary>
/// The tariff is data: seeded from the embedded files at start, once however often processes start, and read on a date, so a
/// rate, a VAT rate or a fee band changes by its validity dates, never by code.
/// </summary>
public sealed class TariffDataTests(TariffDatabase tariff) : IClassFixture<TariffDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_file_is_seeded_and_seeding_again_changes_nothing()
    {
        var counts = new Dictionary<string, long>();
        foreach (var name in TariffFiles.Names)
        {
            counts[name] = await tariff.CountAsync(name);
            Assert.Equal(TariffFiles.Read(name).Rows.Count, counts[name]);
        }

        Assert.InRange(counts["hs_codes"], 195, 1000);
        Assert.True(counts["hs_headings"] > 150);

        // Two processes starting together: both wait on the lock, neither writes again.
        var again = await Task.WhenAll(tariff.Seeder().SeedAsync(Ct), tariff.Seeder().SeedAsync(Ct));
        Assert.Equal([false, false], again);
        foreach (var name in TariffFiles.Names)
        {
            Assert.Equal(counts[name], await tariff.CountAsync(name));
        }
    }

    [Fact]
    public async Task A_changed_file_is_seeded_again()
    {
        await using (var cmd = tariff.Db.CreateCommand("UPDATE customs.tariff_seed SET checksum = 'older'; DELETE FROM customs.procedures"))
        {
            await cmd.ExecuteNonQueryAsync(Ct);
        }

        Assert.True(await tariff.Seeder().SeedAsync(Ct));
        Assert.Equal(TariffFiles.Read("procedures").Rows.Count, await tariff.CountAsync("procedures"));
    }

    [Fact]
    public async Task A_rate_is_the_one_in_force_on_the_date()
    {
        var before = await tariff.Reader.FindAsync("8482101000", "CN", new DateOnly(2024, 6, 30), Ct);
        var after = await tariff.Reader.FindAsync("8482101000", "CN", new DateOnly(2024, 7, 1), Ct);
        Assert.Equal(DutyRate.AdValorem(8m), before!.Duty);
        Assert.Equal(DutyRate.AdValorem(10m), after!.Duty);
        Assert.Null(await tariff.Reader.FindAsync("8482101000", "CN", new DateOnly(2021, 12, 31), Ct));
        Assert.Null(await tariff.Reader.FindAsync("0000000000", "CN", new DateOnly(2025, 1, 1), Ct));
    }

    [Fact]
    public async Task Duty_kinds_vat_categories_and_excise_come_from_the_tables()
    {
        var shirts = (await tariff.Reader.FindAsync("6109100000", "CN", new DateOnly(2025, 11, 14), Ct))!;
        Assert.Equal(DutyRate.Combined(10m, 1.75m, "EUR", "kg"), shirts.Duty);
        Assert.Equal("10 %, but not less than 1.75 EUR/kg", shirts.Duty!.ToString());
        Assert.Equal(("standard", 20m), (shirts.VatCategory, shirts.VatRatePct));
        Assert.Null(shirts.Excise);

        var whisky = (await tariff.Reader.FindAsync("2208303000", "GB", new DateOnly(2025, 11, 14), Ct))!;
        Assert.Equal(DutyRate.Specific(2m, "EUR", "l"), whisky.Duty);
        Assert.Equal(new ExciseRate(743m, "l_alcohol", "4020"), whisky.Excise);

        var toys = (await tariff.Reader.FindAsync("9503007500", "CN", new DateOnly(2025, 11, 14), Ct))!;
        Assert.Equal(("reduced", 10m), (toys.VatCategory, toys.VatRatePct));
        var medical = (await tariff.Reader.FindAsync("9018908409", "DE", new DateOnly(2025, 11, 14), Ct))!;
        Assert.Equal(("exempt", 0m), (medical.VatCategory, medical.VatRatePct));

        // The standard rate itself is data with dates: 20 % through 2025, 22 % from 2026.
        var shirts2026 = (await tariff.Reader.FindAsync("6109100000", "CN", new DateOnly(2026, 1, 1), Ct))!;
        Assert.Equal(22m, shirts2026.VatRatePct);
    }

    [Fact]
    public async Task Preferences_apply_to_listed_goods_of_listed_countries()
    {
        var on = new DateOnly(2025, 11, 14);
        Assert.Equal(new Preference("developing", 0.75m), (await tariff.Reader.FindAsync("6109100000", "IN", on, Ct))!.Preference);
        Assert.Equal(new Preference("least-developed", 0m), (await tariff.Reader.FindAsync("6109100000", "BD", on, Ct))!.Preference);
        Assert.Null((await tariff.Reader.FindAsync("6109100000", "CN", on, Ct))!.Preference);
        // Bearings are not on the preference list, whatever the origin.
        Assert.Null((await tariff.Reader.FindAsync("8482101000", "IN", on, Ct))!.Preference);
    }

    [Theory]
    [InlineData("2023-12-31", 150_000, 775)]
    [InlineData("2024-01-01", 150_000, 1231)]
    [InlineData("2025-11-14", 200_000, 1231)]
    [InlineData("2025-11-14", 200_000.01, 2462)]
    [InlineData("2025-11-14", 7_500_000, 49240)]
    [InlineData("2025-11-14", 12_000_000, 73860)]
    [InlineData("2022-03-01", 7_500_000, 23000)]
    public async Task The_fee_band_is_the_one_in_force_on_the_date(string date, decimal customsValue, decimal fee)
    {
        var bands = await tariff.Reader.FeeBandsAsync(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Ct);
        Assert.Equal(fee, Assert.Single(bands, b => b.Holds(customsValue)).FeeRub);
    }

    [Fact]
    public async Task Procedures_are_data()
    {
        Assert.Equal("IM", (await tariff.Reader.FindProcedureAsync("40", Ct))!.Direction);
        Assert.Equal("EK", (await tariff.Reader.FindProcedureAsync("10", Ct))!.Direction);
        Assert.Null(await tariff.Reader.FindProcedureAsync("99", Ct));
    }

    [Fact]
    public async Task Export_duty_is_read_with_its_validity_and_other_codes_export_free_of_duty()
    {
        var seeds = (await tariff.Reader.FindExportAsync("1206009900", new DateOnly(2025, 11, 14), Ct))!;
        Assert.Equal((DutyRate.Combined(50m, 0.32m, "EUR", "kg"), "3050", 0m), (seeds.Duty, seeds.DutyPaymentCode, seeds.VatRatePct));
        Assert.Null((await tariff.Reader.FindExportAsync("1206009900", new DateOnly(2024, 8, 31), Ct))!.Duty);
        Assert.Null((await tariff.Reader.FindExportAsync("8482109000", new DateOnly(2025, 11, 14), Ct))!.Duty);
        Assert.Null(await tariff.Reader.FindExportAsync("9999999999", new DateOnly(2025, 11, 14), Ct));
    }
}

/// <summary>The worked example's rates are the seeded tariff's, so the acceptance figures hold for the data WellWon ships.</summary>
public sealed class WorkedExampleTariffTests(TariffDatabase tariff) : IClassFixture<TariffDatabase>
{
    [Fact]
    public async Task The_seeded_tariff_gives_the_worked_example_s_rates_and_bands()
    {
        var ct = TestContext.Current.CancellationToken;
        var on = Calculation.WorkedExample.Date;
        Assert.Equal(Calculation.WorkedExample.Bearings, await tariff.Reader.FindAsync("8482109000", "CN", on, ct));
        Assert.Equal(Calculation.WorkedExample.Cod, await tariff.Reader.FindAsync("0303631000", "CN", on, ct));
        Assert.Equal(Calculation.WorkedExample.Shirts, await tariff.Reader.FindAsync("6109100000", "IN", on, ct));
        Assert.Equal(Calculation.WorkedExample.FeeBands, await tariff.Reader.FeeBandsAsync(on, ct));
    }

}
