using System.Globalization;
using WellWon.Web.Api;

namespace WellWon.Web.Customs;

/// <summary>
/// What the declaration editor edits: the header, the four costs and the goods items, turned into the Api's request bodies; the
/// Api's messages are kept by its field paths (<c>items[0].hsCode</c>, <c>declarant</c>, <c>costs</c>) to show at their inputs.
/// </summary>
public sealed class DeclarationFormModel
{
    private Dictionary<string, string> _errors = new(StringComparer.OrdinalIgnoreCase);

    public string Procedure { get; set; } = CustomsVocabulary.DefaultProcedure;

    public string? DeclarantName { get; set; }

    public string? DeclarantTaxId { get; set; }

    public string? RepresentativeName { get; set; }

    public string? RepresentativeTaxId { get; set; }

    public string? CustomsOffice { get; set; }

    public DateTime? DeclarationDate { get; set; }

    public string? Incoterm { get; set; }

    public string? IncotermPlace { get; set; }

    public Guid? ShipmentId { get; set; }

    public string Allocation { get; set; } = "weight";

    public List<CostRow> Costs { get; } = [.. CustomsVocabulary.CostKinds.Select(k => new CostRow(k.Kind, k.Label))];

    public List<ItemRow> Items { get; } = [];

    public DateOnly? Date => DeclarationDate is { } d ? DateOnly.FromDateTime(d) : null;

    public static DeclarationFormModel From(DeclarationDetails d)
    {
        var h = d.Header;
        var model = new DeclarationFormModel
        {
            Procedure = h.Procedure,
            DeclarantName = h.Declarant?.Name,
            DeclarantTaxId = h.Declarant?.TaxId,
            RepresentativeName = h.Representative?.Name,
            RepresentativeTaxId = h.Representative?.TaxId,
            CustomsOffice = h.CustomsOffice,
            DeclarationDate = h.DeclarationDate?.ToDateTime(TimeOnly.MinValue),
            Incoterm = h.Incoterm,
            IncotermPlace = h.IncotermPlace,
            ShipmentId = h.ShipmentId,
            Allocation = h.AllocationMethod,
        };
        foreach (var cost in d.Costs)
        {
            if (model.Costs.FirstOrDefault(c => c.Kind == cost.Kind) is { } row)
            {
                (row.Amount, row.Currency) = (cost.Amount.Amount, cost.Amount.Currency);
            }
        }

        model.Items.AddRange(d.Items.Select(ItemRow.From));
        return model;
    }

    public DeclarationHeaderBody Header() => new(
        Procedure,
        Party(DeclarantName, DeclarantTaxId),
        Party(RepresentativeName, RepresentativeTaxId),
        Blank(CustomsOffice),
        Date,
        Blank(Incoterm),
        Blank(IncotermPlace),
        ShipmentId,
        Allocation);

    /// <summary>The costs that have an amount, in the order the form shows them.</summary>
    public IReadOnlyList<CostBody> CostBodies() =>
        [.. Costs.Where(c => c.Amount is not null).Select(c => new CostBody(c.Kind, new MoneyInput(c.Amount, Blank(c.Currency))))];

    /// <summary>The Api's message for <paramref name="field"/>, or null.</summary>
    public string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    public bool HasError(string field) => _errors.ContainsKey(field);

    /// <summary>Every message with its field, for the check's summary.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Errors => [.. _errors];

    /// <summary>Shows a problem's field messages (a refused export's checks too), replacing those shown before.</summary>
    public void Show(ApiProblem problem)
    {
        var errors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, messages) in problem.Errors)
        {
            if (messages.Length > 0)
            {
                errors[field] = messages[0];
            }
        }

        foreach (var check in problem.Checks ?? [])
        {
            errors.TryAdd(check.Field ?? "", check.Message);
        }

        _errors = errors;
    }

    /// <summary>A field the user changed no longer shows the Api's old message about it.</summary>
    public void Clear(string field) => _errors.Remove(field);

    public void ClearAll() => _errors = new(StringComparer.OrdinalIgnoreCase);

    private static DeclarationPartyInput? Party(string? name, string? taxId) =>
        string.IsNullOrWhiteSpace(name) && string.IsNullOrWhiteSpace(taxId) ? null : new DeclarationPartyInput(null, Blank(name), Blank(taxId));

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public sealed class CostRow(string kind, string label)
{
    public string Kind { get; } = kind;

    public string Label { get; } = label;

    public decimal? Amount { get; set; }

    public string? Currency { get; set; } = "USD";
}

/// <summary>A goods item as the form edits it; <see cref="Id"/> is null until the Api has added it.</summary>
public sealed class ItemRow
{
    public Guid Key { get; } = Guid.NewGuid();

    public Guid? Id { get; set; }

    public string? Description { get; set; }

    public string? HsCode { get; set; }

    public string? Origin { get; set; }

    public decimal? Quantity { get; set; }

    public string? Unit { get; set; }

    public decimal? GrossKg { get; set; }

    public decimal? NetKg { get; set; }

    public decimal? Price { get; set; }

    public string? Currency { get; set; } = "USD";

    public string? Preference { get; set; }

    /// <summary>The quantity in the excise rate's unit (litres of anhydrous alcohol…), kept so that saving an item never drops it.</summary>
    public decimal? ExciseQuantity { get; set; }

    /// <summary>Box 44 as typed: <c>code number [yyyy-MM-dd]</c>, several separated by <c>;</c>.</summary>
    public string? Documents { get; set; }

    public static ItemRow From(GoodsItemView i) => new()
    {
        Id = i.Id,
        Description = i.Description,
        HsCode = i.HsCode,
        Origin = i.Origin,
        Quantity = i.Quantity,
        Unit = i.Unit,
        GrossKg = i.GrossKg,
        NetKg = i.NetKg,
        Price = i.InvoicePrice.Amount,
        Currency = i.InvoicePrice.Currency,
        Preference = i.Preference,
        ExciseQuantity = i.ExciseQuantity,
        Documents = string.Join("; ", (i.Documents ?? []).Select(d =>
            $"{d.Code} {d.Number}{(d.Date is { } date ? " " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")}")),
    };

    public GoodsItemBody Body() => new(
        DeclarationFormModel.Blank(Description),
        DeclarationFormModel.Blank(HsCode),
        DeclarationFormModel.Blank(Origin),
        Quantity,
        DeclarationFormModel.Blank(Unit),
        GrossKg,
        NetKg,
        new MoneyInput(Price, DeclarationFormModel.Blank(Currency)),
        DeclarationFormModel.Blank(Preference),
        ExciseQuantity,
        ParseDocuments(Documents));

    private static IReadOnlyList<DocumentInputBody> ParseDocuments(string? text) =>
    [
        .. (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(entry =>
        {
            var parts = entry.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            DateOnly? date = parts.Length > 2 && DateOnly.TryParseExact(parts[^1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
            var number = string.Join(' ', parts.Skip(1).Take(parts.Length - 1 - (date is null ? 0 : 1)));
            return new DocumentInputBody(parts[0], number.Length == 0 ? null : number, date);
        }),
    ];
}
