using System.Globalization;

namespace WellWon.Reliability.Tests.Infrastructure;

/// <summary>The scenario's measurements, written to the test output as "name: value" lines.</summary>
public sealed class Figures(ITestOutputHelper output, string scenario)
{
    public void Add(string name, FormattableString value) =>
        output.WriteLine($"[{scenario}] {name}: {value.ToString(CultureInfo.InvariantCulture)}");

    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
