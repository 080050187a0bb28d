using System.Security.Cryptography;
using System.Text;

namespace WellWon.Customs.Tariff;

/// <summary>One table of tariff data as written in its file: the column names of its header line and the rows (empty cell: null).</summary>
public sealed record TariffFile(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows);

/// <summary>
/// The tariff data embedded in this assembly (<c>Tariff/Data/*.csv</c>): pipe-separated (as the tax service's TNVED files are), UTF-8, lines starting with
/// <c>#</c> say where the data comes from, the first other line names the columns.
/// </summary>
public static class TariffFiles
{
    public static readonly IReadOnlyList<string> Names =
    [
        "hs_headings", "hs_codes", "duty_rates", "vat_categories", "vat_rates", "excise_rates", "fee_bands",
        "preference_regimes", "preference_countries", "preference_goods", "procedures", "export_duty_rates",
    ];

    public static TariffFile Read(string name)
    {
        var lines = Text(name).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var columns = lines[0].Split('|');
        var rows = new List<string?[]>(lines.Count - 1);
        foreach (var (line, number) in lines.Skip(1).Select((l, i) => (l, i + 2)))
        {
            var cells = line.Split('|');
            if (cells.Length != columns.Length)
            {
                throw new InvalidDataException($"{name}.csv, data line {number}: {cells.Length} cells where the header names {columns.Length}.");
            }

            rows.Add([.. cells.Select(c => c.Length == 0 ? null : c)]);
        }

        return new TariffFile(name, columns, rows);
    }

    /// <summary>A fingerprint of every file, so a start-up seeds again only when the data changed.</summary>
    public static string Checksum()
    {
        var all = string.Join("\n\u0000", Names.Select(n => n + "\n" + Text(n)));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(all)));
    }

    private static string Text(string name)
    {
        using var stream = typeof(TariffFiles).Assembly.GetManifestResourceStream($"WellWon.Customs.Tariff.{name}.csv")
            ?? throw new InvalidOperationException($"The tariff file {name}.csv is not embedded in WellWon.Customs.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
