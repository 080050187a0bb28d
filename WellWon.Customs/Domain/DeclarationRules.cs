using System.Globalization;
using System.Text.RegularExpressions;
using WellWon.Customs.Calculation;
using WellWon.Customs.Contracts;

namespace WellWon.Customs.Domain;

/// <summary>The shape of a declaration's data: each value normalised, or refused naming its field.</summary>
public static partial class DeclarationRules
{
    public const int MaxDescription = 1000;

    /// <summary>Incoterms 2020; the F and E terms leave the main carriage to the buyer, so its freight must be added.</summary>
    public static readonly IReadOnlySet<string> Incoterms = new HashSet<string>(StringComparer.Ordinal)
    {
        "EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF",
    };

    public static readonly IReadOnlySet<string> BuyerPaysCarriage = new HashSet<string>(StringComparer.Ordinal) { "EXW", "FCA", "FAS", "FOB" };

    public static DeclarationHeader Header(DeclarationHeader header)
    {
        var incoterm = string.IsNullOrWhiteSpace(header.Incoterm) ? null : header.Incoterm.Trim().ToUpperInvariant();
        if (incoterm is not null && !Incoterms.Contains(incoterm))
        {
            throw new CustomsRuleException("incoterm", CustomsErrors.IncotermInvalid, $"'{header.Incoterm}' is not an Incoterms 2020 rule.");
        }

        var allocation = (header.AllocationMethod ?? string.Empty).Trim().ToLowerInvariant();
        if (!AllocationMethods.All.Contains(allocation))
        {
            throw new CustomsRuleException("allocationMethod", CustomsErrors.AllocationInvalid, $"'{header.AllocationMethod}' is neither 'weight' nor 'value'.");
        }

        return header with
        {
            Declarant = Party(header.Declarant, "declarant"),
            Representative = Party(header.Representative, "representative"),
            Procedure = ProcedureCodes.Parse(header.Procedure),
            CustomsOffice = string.IsNullOrWhiteSpace(header.CustomsOffice) ? null : CustomsOfficeCode.Parse(header.CustomsOffice),
            Incoterm = incoterm,
            IncotermPlace = incoterm is null ? null : Text(header.IncotermPlace, "incotermPlace", 200, required: false),
            AllocationMethod = allocation,
        };
    }

    public static GoodsItem Item(GoodsItem item)
    {
        Positive(item.Quantity, "quantity", CustomsErrors.QuantityInvalid);
        Positive(item.GrossKg, "grossKg", CustomsErrors.WeightInvalid);
        Positive(item.NetKg, "netKg", CustomsErrors.WeightInvalid);
        if (item.NetKg > item.GrossKg)
        {
            throw new CustomsRuleException("netKg", CustomsErrors.NetExceedsGross, "Net weight cannot exceed gross weight.");
        }

        if (item.ExciseQuantity is { } excise)
        {
            Positive(excise, "exciseQuantity", CustomsErrors.QuantityInvalid);
        }

        var unit = (item.Unit ?? string.Empty).Trim().ToLowerInvariant();
        if (unit.Length is 0 or > 16)
        {
            throw new CustomsRuleException("unit", CustomsErrors.UnitInvalid, "The supplementary unit is a short name (kg, pcs, l, pair…).");
        }

        var preference = string.IsNullOrWhiteSpace(item.Preference) ? null : item.Preference.Trim().ToLowerInvariant();
        if (preference is { Length: > 32 })
        {
            throw new CustomsRuleException("preference", CustomsErrors.PreferenceInvalid, "A preference is the name of a preference regime.");
        }

        return item with
        {
            Description = Text(item.Description, "description", MaxDescription, required: true)!,
            HsCode = HsCode.Parse(item.HsCode).Value,
            Origin = Country.Parse(item.Origin, "origin"),
            Unit = unit,
            InvoicePrice = Money.Create(item.InvoicePrice?.Amount ?? -1m, item.InvoicePrice?.Currency, "invoicePrice"),
            Preference = preference,
            Documents = [.. (item.Documents ?? []).Select((d, i) => Document(d, $"documents[{i}]"))],
        };
    }

    public static IReadOnlyList<DeclarationCost> Costs(IReadOnlyList<DeclarationCost> costs) =>
        [.. costs.Select((c, i) =>
        {
            var kind = (c.Kind ?? string.Empty).Trim().ToLowerInvariant();
            return CostKinds.All.Contains(kind)
                ? new DeclarationCost(kind, Money.Create(c.Amount?.Amount ?? -1m, c.Amount?.Currency, $"costs[{i}].amount"))
                : throw new CustomsRuleException($"costs[{i}].kind", CustomsErrors.CostKindInvalid, $"'{c.Kind}' is not freight, insurance, loading or post-border.");
        })];

    /// <summary>"10702070/141125/3001234": the office's 8 digits, the registration date (ddMMyy) and a 7-digit serial.</summary>
    public static string RegistrationNumber(string? input, string customsOffice)
    {
        var number = (input ?? string.Empty).Trim();
        var match = RegistrationShape().Match(number);
        if (!match.Success || !DateOnly.TryParseExact(match.Groups["date"].Value, "ddMMyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new CustomsRuleException("registrationNumber", CustomsErrors.RegistrationNumberInvalid, $"'{input}' is not office/ddMMyy/serial.");
        }

        return match.Groups["office"].Value == customsOffice
            ? number
            : throw new CustomsRuleException("registrationNumber", CustomsErrors.RegistrationNumberInvalid, $"'{input}' was not given by customs office {customsOffice}.");
    }

    public static string Reason(string? reason) => Text(reason, "reason", 1000, required: true, CustomsErrors.ReasonRequired)!;

    private static DeclarationParty? Party(DeclarationParty? party, string field)
    {
        if (party is null)
        {
            return null;
        }

        var taxId = string.IsNullOrWhiteSpace(party.TaxId) ? null : party.TaxId.Trim();
        if (taxId is not null && (taxId.Length is not (10 or 12) || !taxId.All(char.IsAsciiDigit)))
        {
            throw new CustomsRuleException($"{field}.taxId", CustomsErrors.PartyInvalid, "A Russian tax id (ИНН) has 10 digits (organisations) or 12 (individuals).");
        }

        return new DeclarationParty(
            party.CompanyId,
            Text(party.Name, $"{field}.name", 300, required: true, CustomsErrors.PartyInvalid)!,
            taxId,
            Text(party.Address, $"{field}.address", 500, required: false, CustomsErrors.PartyInvalid));
    }

    private static ItemDocument Document(ItemDocument document, string field)
    {
        var code = (document.Code ?? string.Empty).Trim();
        if (code.Length != 5 || !code.All(char.IsAsciiDigit))
        {
            throw new CustomsRuleException($"{field}.code", CustomsErrors.DocumentInvalid, $"'{document.Code}' is not a 5-digit document code of the classifier.");
        }

        return new ItemDocument(code, Text(document.Number, $"{field}.number", 50, required: true, CustomsErrors.DocumentInvalid)!, document.Date);
    }

    private static string? Text(string? value, string field, int max, bool required, string code = CustomsErrors.DescriptionInvalid)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return required ? throw new CustomsRuleException(field, code, $"{field} is required.") : null;
        }

        return text.Length <= max ? text : throw new CustomsRuleException(field, code, $"{field} is longer than {max} characters.");
    }

    private static void Positive(decimal value, string field, string code)
    {
        if (value <= 0)
        {
            throw new CustomsRuleException(field, code, $"{field} must be greater than 0.");
        }
    }

    [GeneratedRegex("^(?<office>[0-9]{8})/(?<date>[0-9]{6})/(?<serial>[0-9]{7})$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistrationShape();
}
