using System.Text.Json;
using System.Text.Json.Serialization;
using WellWon.Documents.Reading.Extraction;

namespace WellWon.Documents.Reading.Corpus;

/// <summary>
/// What a generated document says, in normalised form (ISO dates, invariant decimals, ISO currency, alpha-2 countries,
/// 10-digit HS codes, UN/ECE unit and package codes): the JSON written beside each rendered file.
/// </summary>
public sealed record DocumentTruth(
    DocumentKind Kind,
    string Language,
    string Layout,
    string Supplier,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Lines)
{
    /// <summary>Every field as one flat map, line items as <c>line[i].field</c>.</summary>
    public IReadOnlyDictionary<string, string> Flatten()
    {
        var flat = new Dictionary<string, string>(Fields);
        for (var i = 0; i < Lines.Count; i++)
        {
            foreach (var (name, value) in Lines[i])
            {
                flat[FieldNames.Line(i, name)] = value;
            }
        }

        return flat;
    }

    public string ToJson() => JsonSerializer.Serialize(this, ReadingJson.Default.DocumentTruth);

    public static DocumentTruth FromJson(string json) =>
        JsonSerializer.Deserialize(json, ReadingJson.Default.DocumentTruth) ?? throw new JsonException("Empty ground truth.");
}

/// <summary>Source-generated JSON for the ground truth and supplier templates (no reflection, trimming-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DocumentTruth))]
public sealed partial class ReadingJson : JsonSerializerContext;

/// <summary>Supplier templates as JSON, the form the documents context stores them in per company.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WellWon.Documents.Reading.Templates.SupplierTemplate))]
public sealed partial class TemplateJson : JsonSerializerContext;
