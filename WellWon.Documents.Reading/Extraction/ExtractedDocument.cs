using WellWon.Documents.Reading.Pages;

namespace WellWon.Documents.Reading.Extraction;

/// <summary>One extracted value in normalised form, how sure the extractor is (0..1), and where on which page it was read.</summary>
public sealed record ExtractedField(string Name, string Value, double Confidence, int Page, Box Box);

/// <summary>What was read from a document: its kind, header fields and line items.</summary>
public sealed record ExtractedDocument(DocumentKind Kind, IReadOnlyList<ExtractedField> Fields, IReadOnlyList<IReadOnlyList<ExtractedField>> Lines)
{
    public ExtractedField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>Every field as one flat map, line items as <c>line[i].field</c> (the ground truth's shape).</summary>
    public IReadOnlyDictionary<string, string> Flatten()
    {
        var flat = Fields.ToDictionary(f => f.Name, f => f.Value);
        for (var i = 0; i < Lines.Count; i++)
        {
            foreach (var field in Lines[i])
            {
                flat[FieldNames.Line(i, field.Name)] = field.Value;
            }
        }

        return flat;
    }

    /// <summary>Whether an extracted value says the same as the expected one (text compared as a person would).</summary>
    public static bool Same(string field, string expected, string? actual)
    {
        if (actual is null)
        {
            return false;
        }

        var name = field.Contains('.', StringComparison.Ordinal) ? field[(field.LastIndexOf('.') + 1)..] : field;
        return name is FieldNames.Seller or FieldNames.Buyer or FieldNames.Description or FieldNames.IncotermsPlace
            ? Text.Canonical(expected) == Text.Canonical(actual)
            : string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase);
    }
}
