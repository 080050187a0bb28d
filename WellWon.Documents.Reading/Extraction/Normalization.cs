using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace WellWon.Documents.Reading.Extraction;

/// <summary>How a document writes 1234.5: "1,234.50", "1.234,50" or "1 234,50".</summary>
public enum NumberStyle
{
    Comma,
    Dot,
    Space,
}

/// <summary>Numbers with either decimal separator and thousands separators, to and from their canonical invariant form.</summary>
public static partial class Numbers
{
    public static string Canonical(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    public static string Print(decimal value, int decimals, NumberStyle style)
    {
        var text = value.ToString(decimals == 0 ? "#,0" : "#,0." + new string('0', decimals), CultureInfo.InvariantCulture);
        return style switch
        {
            NumberStyle.Dot => text.Replace(",", "\u0001").Replace(".", ",").Replace("\u0001", "."),
            NumberStyle.Space => text.Replace(",", " ").Replace(".", ","),
            _ => text,
        };
    }

    /// <summary>
    /// Reads a number; <paramref name="decimalSeparator"/> (the document's, when known) settles "1,234" and "1.234".
    /// Letters OCR confuses with digits are read as the digits when they stand between digits.
    /// </summary>
    public static decimal? Parse(string text, char? decimalSeparator = null)
    {
        var cleaned = new StringBuilder();
        foreach (var c in text.Trim())
        {
            if (char.IsDigit(c) || c is ',' or '.')
            {
                cleaned.Append(c);
            }
            else if (c is 'O' or 'o' or 'О' or 'о' && cleaned.Length > 0)
            {
                cleaned.Append('0');
            }
            else if (c is ':' or ';' && cleaned.Length > 0 && char.IsDigit(cleaned[^1]) && Regex.IsMatch(text.Trim(), @"\d[:;]\d\d$"))
            {
                // OCR reads a blurred decimal point as a colon ("109:44"); only before the last two digits, where cents stand.
                cleaned.Append(decimalSeparator ?? '.');
            }
            else if (c is ' ' or '\'' or '\u00A0' or '\u202F' or '’')
            {
                // thousands separators
            }
            else if (cleaned.Length > 0 && c != '-')
            {
                break;
            }
        }

        var s = cleaned.ToString().Trim('.', ',');
        if (s.Length == 0 || !s.Any(char.IsDigit))
        {
            return null;
        }

        int lastComma = s.LastIndexOf(','), lastDot = s.LastIndexOf('.');
        char? separator;
        if (lastComma >= 0 && lastDot >= 0)
        {
            separator = lastComma > lastDot ? ',' : '.';
        }
        else if (lastComma < 0 && lastDot < 0)
        {
            separator = null;
        }
        else
        {
            var sep = lastComma >= 0 ? ',' : '.';
            var count = s.Count(c => c == sep);
            var digitsAfter = s.Length - s.LastIndexOf(sep) - 1;
            separator = count > 1 ? null
                : decimalSeparator is { } known ? (known == sep ? sep : null)
                : digitsAfter == 3 ? null : sep;
        }

        var digits = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsDigit(s[i]))
            {
                digits.Append(s[i]);
            }
            else if (separator == s[i] && i == s.LastIndexOf(s[i]))
            {
                digits.Append('.');
            }
        }

        return decimal.TryParse(digits.ToString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>The decimal separator a document uses, from its amounts with two decimals ("1 234,50", "12.00").</summary>
    public static char? GuessDecimalSeparator(IEnumerable<string> words)
    {
        int comma = 0, dot = 0;
        foreach (var word in words)
        {
            var match = TwoDecimals().Match(word);
            if (match.Success)
            {
                if (match.Groups[1].Value == ",")
                {
                    comma++;
                }
                else
                {
                    dot++;
                }
            }
        }

        return comma == 0 && dot == 0 ? null : comma > dot ? ',' : '.';
    }

    [GeneratedRegex(@"\d([.,])\d\d$")]
    private static partial Regex TwoDecimals();
}

/// <summary>Dates in ISO, dotted, slashed and spelled-out English and Russian forms.</summary>
public static partial class Dates
{
    private static readonly string[] En = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] RuGenitive = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];
    private static readonly string[] RuStems = ["янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"];

    public static string Print(DateOnly date, string format, string language) => format switch
    {
        "d MMMM yyyy" when language == "ru" => $"{date.Day} {RuGenitive[date.Month - 1]} {date.Year}",
        "MMMM d, yyyy" => $"{En[date.Month - 1]} {date.Day}, {date.Year}",
        "d MMMM yyyy" => $"{date.Day} {En[date.Month - 1]} {date.Year}",
        _ => date.ToString(format, CultureInfo.InvariantCulture),
    };

    public static DateOnly? Parse(string text)
    {
        Match m;
        if ((m = Iso().Match(text)).Success)
        {
            return Make(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value);
        }

        if ((m = DayFirst().Match(text)).Success)
        {
            var year = m.Groups[3].Value;
            return Make(year.Length == 2 ? "20" + year : year, m.Groups[2].Value, m.Groups[1].Value);
        }

        if ((m = DayMonthName().Match(text)).Success && Month(m.Groups[2].Value) is { } month1)
        {
            return Make(m.Groups[3].Value, $"{month1}", m.Groups[1].Value);
        }

        if ((m = MonthNameDay().Match(text)).Success && Month(m.Groups[1].Value) is { } month2)
        {
            return Make(m.Groups[3].Value, $"{month2}", m.Groups[2].Value);
        }

        return null;
    }

    private static int? Month(string name)
    {
        var lower = name.ToLowerInvariant();
        if (lower.Length < 3)
        {
            return null;
        }

        for (var i = 0; i < 12; i++)
        {
            if (En[i].StartsWith(lower[..3], StringComparison.OrdinalIgnoreCase) || lower.StartsWith(RuStems[i], StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return null;
    }

    private static DateOnly? Make(string year, string month, string day) =>
        int.TryParse(year, CultureInfo.InvariantCulture, out var y) && int.TryParse(month, CultureInfo.InvariantCulture, out var mo) && int.TryParse(day, CultureInfo.InvariantCulture, out var d)
        && y is > 1990 and < 2100 && mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo)
            ? new DateOnly(y, mo, d)
            : null;

    [GeneratedRegex(@"(\d{4})\s?[-./]\s?(\d{1,2})\s?[-./]\s?(\d{1,2})")]
    private static partial Regex Iso();

    [GeneratedRegex(@"(\d{1,2})\s?[./-]\s?(\d{1,2})\s?[./-]\s?(\d{4}|\d{2})(?!\d)")]
    private static partial Regex DayFirst();

    [GeneratedRegex(@"(\d{1,2})[\s\-]+([A-Za-zА-Яа-яёЁ]{3,})\.?,?[\s\-]+(\d{4})")]
    private static partial Regex DayMonthName();

    [GeneratedRegex(@"([A-Za-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})")]
    private static partial Regex MonthNameDay();
}

/// <summary>Countries of origin as ISO 3166 alpha-2, from codes or English and Russian names.</summary>
public static class Countries
{
    private static readonly (string Code, string En, string Ru, string[] Aliases)[] All =
    [
        ("CN", "China", "Китай", ["PRC", "P.R.China", "КНР"]),
        ("DE", "Germany", "Германия", ["Deutschland"]),
        ("TR", "Turkey", "Турция", ["Türkiye", "Turkiye"]),
        ("IT", "Italy", "Италия", []),
        ("PL", "Poland", "Польша", []),
        ("VN", "Vietnam", "Вьетнам", ["Viet Nam"]),
        ("IN", "India", "Индия", []),
        ("KR", "Korea", "Корея", ["South Korea"]),
        ("JP", "Japan", "Япония", []),
        ("US", "USA", "США", ["United States"]),
        ("RU", "Russia", "Россия", []),
        ("BY", "Belarus", "Беларусь", []),
        ("KZ", "Kazakhstan", "Казахстан", []),
    ];

    public static string NameEn(string code) => All.First(c => c.Code == code).En;

    public static string NameRu(string code) => All.First(c => c.Code == code).Ru;

    public static string? Normalize(string text)
    {
        var t = text.Trim().Trim('.', ',', '|', ':');
        if (t.Length == 0)
        {
            return null;
        }

        foreach (var (code, en, ru, aliases) in All)
        {
            if (string.Equals(t, code, StringComparison.OrdinalIgnoreCase) && t.Length == 2
                || Similar(t, en) || Similar(t, ru) || aliases.Any(a => Similar(t, a)))
            {
                return code;
            }
        }

        return null;
    }

    // One OCR slip in a name of five letters or more still names the country.
    private static bool Similar(string text, string name) =>
        string.Equals(text, name, StringComparison.OrdinalIgnoreCase)
        || name.Length >= 5 && Text.EditDistance(text.ToLowerInvariant(), name.ToLowerInvariant()) <= 1;
}

/// <summary>Units of measure (UN/ECE Recommendation 20) and kinds of package (Recommendation 21).</summary>
public static class Units
{
    private static readonly (string Code, string En, string Ru, string[] Aliases)[] Measures =
    [
        ("PCE", "pcs", "шт", ["pc", "piece", "pieces", "шт.", "штук", "pce"]),
        ("SET", "sets", "компл", ["set", "компл.", "комплект", "к-т"]),
        ("PR", "pairs", "пар", ["pair", "пара", "pr"]),
        ("MTR", "m", "м", ["m.", "meter", "metre", "meters", "м.", "метр", "mtr"]),
        ("KGM", "kg", "кг", ["kgs", "кг."]),
    ];

    private static readonly (string Code, string En, string Ru, string[] Stems)[] PackageKinds =
    [
        ("CT", "cartons", "коробки", ["carton", "ctn", "короб", "box"]),
        ("BG", "bags", "мешки", ["bag", "мешк", "мешок"]),
        ("PX", "pallets", "паллеты", ["pallet", "паллет", "поддон", "plt"]),
        ("CS", "cases", "ящики", ["case", "ящик"]),
    ];

    public static string Print(string code, string language) => Measures.First(u => u.Code == code) is var u && language == "ru" ? u.Ru : u.En;

    public static string PrintPackage(string code, string language) => PackageKinds.First(p => p.Code == code) is var p && language == "ru" ? p.Ru : p.En;

    public static string? Normalize(string text)
    {
        var t = text.Trim().Trim(',', '|', ':').ToLowerInvariant();
        foreach (var (code, en, ru, aliases) in Measures)
        {
            if (t == en || t == ru || t == en + "." || aliases.Contains(t))
            {
                return code;
            }
        }

        return null;
    }

    /// <summary>A unit word of three letters or more with one OCR slip ("pes" for "pcs", "palrs" for "pairs").</summary>
    public static string? NormalizeWithSlip(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t.Length < 3)
        {
            return null;
        }

        var matches = Measures.Where(u => new[] { u.En, u.Ru }.Concat(u.Aliases).Any(name => name.Length >= 3 && Text.EditDistance(t, name) <= 1)).Select(u => u.Code).Distinct().ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    public static string? NormalizePackageKind(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        return PackageKinds.FirstOrDefault(p => t.StartsWith(p.En[..^1], StringComparison.Ordinal) || t.StartsWith(p.Ru[..4], StringComparison.Ordinal) || p.Stems.Any(s => t.StartsWith(s, StringComparison.Ordinal))).Code;
    }
}

/// <summary>ISO 4217 codes from codes, symbols and names.</summary>
public static class Currencies
{
    private static readonly string[] Codes = ["USD", "EUR", "CNY", "RUB", "TRY", "GBP", "JPY", "AED", "KZT", "BYN"];

    private static readonly (string Code, string[] Names)[] Names =
    [
        ("USD", ["$", "us dollar", "доллар", "долл"]),
        ("EUR", ["€", "euro", "евро"]),
        ("CNY", ["¥", "rmb", "yuan", "юан"]),
        ("RUB", ["₽", "руб", "rouble", "ruble"]),
    ];

    public static string? Normalize(string text)
    {
        var upper = text.ToUpperInvariant();
        foreach (var code in Codes)
        {
            if (Regex.IsMatch(upper, $@"(?<![A-Z]){code}(?![A-Z])"))
            {
                return code;
            }
        }

        var lower = text.ToLowerInvariant();
        return Names.FirstOrDefault(n => n.Names.Any(lower.Contains)).Code;
    }
}

/// <summary>HS codes: the digits of "8471 30 000 0", "8471.30.00.00" or "8471300000", ten of them.</summary>
public static class HsCodes
{
    public static string? Normalize(string text)
    {
        var digits = new string(text.Select(c => c is 'O' or 'o' or 'О' or 'о' ? '0' : c).Where(char.IsDigit).ToArray());
        return digits.Length switch
        {
            10 => digits,
            6 or 8 => digits.PadRight(10, '0'),
            _ => null,
        };
    }
}

/// <summary>Text comparison that forgives case, quotes and spacing, as a person checking a field would.</summary>
public static class Text
{
    public static string Canonical(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (c is '«' or '»' or '"' or '“' or '”' or '„' or '\'' or '’' or '‘' or '|')
            {
                continue;
            }

            builder.Append(char.IsWhiteSpace(c) ? ' ' : char.ToLowerInvariant(c));
        }

        return Regex.Replace(builder.ToString(), @"\s+", " ").Trim(' ', '.', ',', ':', ';');
    }

    public static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
