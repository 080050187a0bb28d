using System.Globalization;
using System.Text;

namespace WellWon.Benchmarks;

/// <summary>The one markdown table the benchmark prints: every figure, its target and verdict, and the machine.</summary>
public sealed class ResultTable
{
    private static readonly string[] Header = ["figure", "WellWon", "raw Npgsql", "Marten 9 (Quick)", "target", "verdict"];

    private readonly List<string[]> _rows = [];

    public void Add(string figure, string wellwon = "", string raw = "", string marten = "", string target = "", string verdict = "") =>
        _rows.Add([figure, wellwon, raw, marten, target, verdict]);

    public void Insert(int index, string figure) => _rows.Insert(index, [figure, "", "", "", "", ""]);

    public static string Verdict(bool pass) => pass ? "PASS" : "MISS";

    public static string Number(double value) => double.IsFinite(value) ? value.ToString("N0", CultureInfo.InvariantCulture) : "n/a";

    public static string Ratio(double value) => double.IsFinite(value) ? value.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    public static string Ms(double value) => double.IsFinite(value) ? value.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "n/a";

    public override string ToString()
    {
        var widths = Header.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            text.Append("| ").AppendJoin(" | ", cells.Select((c, i) => c.PadRight(widths[i]))).AppendLine(" |");
        Line(Header);
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var row in _rows)
        {
            Line(row);
        }

        return text.ToString();
    }
}
