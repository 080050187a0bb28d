namespace WellWon.Customs.Tariff;

// What the tariff says about a code on a date: the inputs of a calculation, read from the seeded tables, never written in code.

public static class DutyKinds
{
    /// <summary>A percentage of the customs value.</summary>
    public const string AdValorem = "ad_valorem";

    /// <summary>An amount in a currency per unit (kg, l, pcs, pair, 1000pcs) of the goods.</summary>
    public const string Specific = "specific";

    /// <summary>A percentage of the customs value, but not less than an amount per unit: the greater of the two.</summary>
    public const string Combined = "combined";
}

/// <summary>An import duty rate; the specific part is in <paramref name="SpecificCurrency"/> per <paramref name="SpecificUnit"/>.</summary>
public sealed record DutyRate(string Kind, decimal? AdValoremPct, decimal? SpecificAmount, string? SpecificCurrency, string? SpecificUnit)
{
    public static DutyRate AdValorem(decimal pct) => new(DutyKinds.AdValorem, pct, null, null, null);

    public static DutyRate Specific(decimal amount, string currency, string unit) => new(DutyKinds.Specific, null, amount, currency, unit);

    public static DutyRate Combined(decimal pct, decimal amount, string currency, string unit) => new(DutyKinds.Combined, pct, amount, currency, unit);

    /// <summary>How the tariff prints it: "10 %", "2 EUR/l", "10 %, but not less than 1.75 EUR/kg".</summary>
    public override string ToString() => Kind switch
    {
        DutyKinds.AdValorem => $"{AdValoremPct:0.##} %",
        DutyKinds.Specific => $"{SpecificAmount:0.####} {SpecificCurrency}/{SpecificUnit}",
        _ => $"{AdValoremPct:0.##} %, but not less than {SpecificAmount:0.####} {SpecificCurrency}/{SpecificUnit}",
    };
}

/// <summary>
/// An excise rate on import, in roubles per <paramref name="Unit"/> (l, l_alcohol, pcs, kg), with the payment type code of its kind
/// of goods in the classifier of payments (box 47), when the data gives one.
/// </summary>
public sealed record ExciseRate(decimal RubPerUnit, string Unit, string? PaymentCode = null)
{
    public override string ToString() => $"{RubPerUnit:0.##} RUB/{Unit}";
}

/// <summary>A tariff preference: its regime and the share of the base duty rate that is paid (0.75, 0).</summary>
public sealed record Preference(string Regime, decimal Factor);

/// <summary>
/// Everything the tariff says about one 10-digit code for goods of one origin on one date. On export <paramref name="Duty"/> is the
/// export duty (null: none is set for the code), VAT is 0 and there is no excise; <paramref name="DutyPaymentCode"/> is the duty's
/// payment type code when it is not import duty's 2010.
/// </summary>
public sealed record ItemTariff(string HsCode, DutyRate? Duty, string VatCategory, decimal VatRatePct, ExciseRate? Excise, Preference? Preference, string? DutyPaymentCode = null)
{
    /// <summary>Exported goods: VAT at 0 % (Tax Code art. 151), no excise, the export duty where the tariff sets one.</summary>
    public static ItemTariff Export(string hsCode, DutyRate? exportDuty, string? paymentCode) => new(hsCode, exportDuty, "export", 0m, null, null, paymentCode);
}

/// <summary>One band of the processing fee: customs values above <paramref name="ValueFrom"/> up to <paramref name="ValueTo"/> (inclusive).</summary>
public sealed record FeeBand(decimal ValueFrom, decimal? ValueTo, decimal FeeRub)
{
    public bool Holds(decimal customsValue) => customsValue > ValueFrom && (ValueTo is null || customsValue <= ValueTo);
}

/// <summary>A customs procedure known to WellWon, with its direction (IM import, EK export, TT transit).</summary>
public sealed record CustomsProcedure(string Code, string Direction, string NameRu, string NameEn);

/// <summary>A chapter, heading or subheading above a code.</summary>
public sealed record HsHeading(string Code, string DescriptionRu, string DescriptionEn);

/// <summary>A 10-digit code with its descriptions and the headings path above it (chapter, heading, subheading).</summary>
public sealed record HsCodeEntry(string Code, string DescriptionRu, string DescriptionEn, IReadOnlyList<HsHeading> Path);
