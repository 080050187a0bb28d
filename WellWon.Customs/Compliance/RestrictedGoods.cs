using System.Globalization;
using System.Text;

namespace WellWon.Customs.Compliance;

/// <summary>Goods refused by code prefix and origin while the rule is in force, with the code and message the check reports.</summary>
public sealed record RestrictedGoodsRule(string HsPrefix, IReadOnlySet<string> Origins, DateOnly ValidFrom, DateOnly? ValidTo, string Code, string Message)
{
    public const string AnyOrigin = "*";

    public bool Covers(string hsCode, string origin, DateOnly on) =>
        hsCode.StartsWith(HsPrefix, StringComparison.Ordinal)
        && (Origins.Contains(AnyOrigin) || Origins.Contains(origin))
        && ValidFrom <= on && (ValidTo is null || on <= ValidTo);
}

/// <summary>The restricted goods embedded in this assembly (<c>Compliance/Data/restricted_goods.csv</c>, pipe-separated like the tariff files).</summary>
public sealed class RestrictedGoods(IReadOnlyList<RestrictedGoodsRule> rules)
{
    public IReadOnlyList<RestrictedGoodsRule> Rules { get; } = rules;

    public static RestrictedGoods Embedded() => Parse(Text());

    public static RestrictedGoods Parse(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith('#')).Skip(1);
        var rules = new List<RestrictedGoodsRule>();
        foreach (var (line, number) in lines.Select((l, i) => (l, i + 1)))
        {
            var cells = line.Split('|');
            if (cells.Length != 6)
            {
                throw new InvalidDataException($"restricted_goods.csv, data line {number}: {cells.Length} cells where 6 are expected.");
            }

            rules.Add(new RestrictedGoodsRule(
                cells[0],
                cells[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
                DateOnly.ParseExact(cells[2], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                cells[3].Length == 0 ? null : DateOnly.ParseExact(cells[3], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                cells[4],
                cells[5]));
        }

        return new RestrictedGoods(rules);
    }

    private static string Text()
    {
        using var stream = typeof(RestrictedGoods).Assembly.GetManifestResourceStream("WellWon.Customs.Compliance.restricted_goods.csv")
            ?? throw new InvalidOperationException("restricted_goods.csv is not embedded in WellWon.Customs.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
