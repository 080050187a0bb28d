using WellWon.Documents.Reading.Extraction;

namespace WellWon.Documents.Reading.Templates;

/// <summary>Where one field is on a supplier's documents: the label it follows, beside or below it, and the shape of its value.</summary>
public sealed record FieldHint(string Field, string Label, Placement Placement, string? Pattern = null);

/// <summary>
/// A supplier's layout as learned from a user's corrections: keywords that identify its documents (all must appear) and
/// hints for the fields the generic rules read wrong. A plain record, stored per company as JSON.
/// </summary>
public sealed record SupplierTemplate(string Supplier, IReadOnlyList<string> Keywords, IReadOnlyList<FieldHint> Hints)
{
    public bool Matches(IReadOnlyList<TextLine> lines) =>
        Keywords.Count > 0 && Keywords.All(keyword => lines.Any(line =>
            Enumerable.Range(0, line.Words.Count).Any(i => LabelMatch.MatchAt(line.Words, i, keyword) > 0)));
}
