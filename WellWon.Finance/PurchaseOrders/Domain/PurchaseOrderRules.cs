using System.Text.RegularExpressions;
using WellWon.Companies.Domain;

namespace WellWon.Finance.PurchaseOrders.Domain;

/// <summary>The rules of shape a purchase order's terms must keep, and the normal form they are stored in.</summary>
public static partial class PurchaseOrderRules
{
    /// <summary>
    /// Import contracts of this many roubles or more are registered with the bank, which assigns the unique contract number (УНК)
    /// (Bank of Russia Instruction 181-И).
    /// </summary>
    public const decimal RegistrationThresholdRub = 3_000_000m;

    public const int MaxLines = 500;
    public const int MaxText = 500;
    public const int MaxName = 200;

    /// <summary>Codes upper-case, text trimmed (empty becomes null), IBANs without spaces, lines numbered 1, 2, 3 … in order.</summary>
    public static PurchaseOrderTerms Normalize(PurchaseOrderTerms t) => t with
    {
        Supplier = t.Supplier with
        {
            Name = Text(t.Supplier.Name),
            Country = Text(t.Supplier.Country)?.ToUpperInvariant(),
            Address = Text(t.Supplier.Address),
            Bank = t.Supplier.Bank is { } b && (Text(b.Account) ?? Text(b.Iban) ?? Text(b.Swift) ?? Text(b.BankName)) is not null
                ? new BankDetails(Text(b.Account), Text(b.Iban)?.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant(),
                    Text(b.Swift)?.ToUpperInvariant(), Text(b.BankName))
                : null,
        },
        Currency = (t.Currency ?? string.Empty).Trim().ToUpperInvariant(),
        Lines = [.. (t.Lines ?? []).Select((l, i) => l with
        {
            LineNo = i + 1,
            Description = (l.Description ?? string.Empty).Trim(),
            Sku = Text(l.Sku),
            HsCode = Text(l.HsCode)?.Replace(" ", string.Empty, StringComparison.Ordinal),
            Unit = (l.Unit ?? string.Empty).Trim(),
        })],
        Incoterm = (t.Incoterm ?? string.Empty).Trim().ToUpperInvariant(),
        IncotermPlace = (t.IncotermPlace ?? string.Empty).Trim(),
        PaymentTerms = t.PaymentTerms with { BalanceBasis = (t.PaymentTerms.BalanceBasis ?? string.Empty).Trim().ToLowerInvariant() },
        Contract = t.Contract is { } c
            ? c with { Number = (c.Number ?? string.Empty).Trim(), Currency = (c.Currency ?? string.Empty).Trim().ToUpperInvariant(), BankRegistrationNumber = Text(c.BankRegistrationNumber) }
            : null,
    };

    /// <summary>Every rule the (normalised) terms break, each naming its field as the request spells it.</summary>
    public static IReadOnlyList<PurchaseOrderRuleException> Violations(PurchaseOrderTerms t)
    {
        var errors = new List<PurchaseOrderRuleException>();
        void Fail(string field, string code, string message) => errors.Add(new PurchaseOrderRuleException(field, code, message));

        CheckSupplier(t.Supplier, Fail);
        var currencyKnown = Currencies.IsKnown(t.Currency);
        if (!currencyKnown)
        {
            Fail("currency", PurchaseOrderErrors.CurrencyUnknown, "'currency' is an ISO 4217 code WellWon books (USD, EUR, CNY, RUB …).");
        }

        if (t.Lines.Count == 0 || t.Lines.Count > MaxLines)
        {
            Fail("lines", PurchaseOrderErrors.LinesRequired, $"A purchase order has 1 to {MaxLines} lines.");
        }

        for (var i = 0; i < t.Lines.Count; i++)
        {
            CheckLine(t.Lines[i], currencyKnown ? t.Currency : null, (field, code, message) => Fail($"lines[{i}].{field}", code, message));
        }

        if (!Incoterms.All.Contains(t.Incoterm))
        {
            Fail("incoterm", PurchaseOrderErrors.IncotermInvalid, $"'incoterm' is an Incoterms 2020 rule: {string.Join(", ", Incoterms.All.Order(StringComparer.Ordinal))}.");
        }

        if (t.IncotermPlace.Length == 0 || t.IncotermPlace.Length > MaxName)
        {
            Fail("incotermPlace", PurchaseOrderErrors.PlaceRequired, "An Incoterms rule needs its named place (e.g. FOB Shanghai).");
        }

        var p = t.PaymentTerms;
        if (p.PrepaymentPercent is < 0 or > 100 || decimal.Round(p.PrepaymentPercent, 2) != p.PrepaymentPercent)
        {
            Fail("paymentTerms.prepaymentPercent", PurchaseOrderErrors.PaymentTermsInvalid, "The prepayment is 0 to 100 percent, with at most two decimals.");
        }

        if (p.PrepaymentDays is < 0 or > 365)
        {
            Fail("paymentTerms.prepaymentDays", PurchaseOrderErrors.PaymentTermsInvalid, "The prepayment falls due 0 to 365 days after confirmation.");
        }

        if (!BalanceBases.All.Contains(p.BalanceBasis))
        {
            Fail("paymentTerms.balanceBasis", PurchaseOrderErrors.PaymentTermsInvalid, $"The balance is paid {string.Join(" or ", BalanceBases.All.Order(StringComparer.Ordinal))}.");
        }

        if (p.BalanceDays is < 0 or > 365)
        {
            Fail("paymentTerms.balanceDays", PurchaseOrderErrors.PaymentTermsInvalid, "The balance falls due 0 to 365 days after its basis.");
        }

        if (t.Contract is { } c)
        {
            CheckContract(c, t, currencyKnown, Fail);
        }

        return errors;
    }

    /// <summary>Whether <paramref name="iban"/> (upper-case, no spaces) has an ISO 3166 country, two check digits and passes ISO 7064 mod 97-10.</summary>
    public static bool IsValidIban(string iban)
    {
        if (!IbanShape().IsMatch(iban) || !CountryCodes.IsValid(iban[..2]))
        {
            return false;
        }

        // The first four characters move to the end, letters count as 10..35, and the number modulo 97 must be 1.
        var remainder = 0;
        foreach (var ch in iban[4..] + iban[..4])
        {
            var value = char.IsDigit(ch) ? ch - '0' : ch - 'A' + 10;
            remainder = value < 10 ? ((remainder * 10) + value) % 97 : ((remainder * 100) + value) % 97;
        }

        return remainder == 1;
    }

    /// <summary>Whether <paramref name="bic"/> is an ISO 9362 SWIFT/BIC: bank (4 letters), country (ISO 3166), location (2), optional branch (3).</summary>
    public static bool IsValidBic(string bic) => BicShape().IsMatch(bic) && CountryCodes.IsValid(bic.Substring(4, 2));

    /// <summary>The bank's unique contract number (УНК): <c>NNNNNNNN/NNNN/NNNN/N/N</c>.</summary>
    public static bool IsValidRegistrationNumber(string number) => RegistrationNumberShape().IsMatch(number);

    public static string Amount(decimal amount, string currency) => Currencies.Format(amount, currency);

    private static void CheckSupplier(Supplier s, Action<string, string, string> fail)
    {
        if (s.CompanyId is null && s.Name is null)
        {
            fail("supplier.name", PurchaseOrderErrors.SupplierRequired, "Name the supplier: a WellWon company (companyId) or a party by name and country.");
        }

        if (s.CompanyId is null && s.Name is not null && s.Country is null)
        {
            fail("supplier.country", PurchaseOrderErrors.CountryInvalid, "A supplier outside WellWon needs its country (ISO 3166 alpha-2).");
        }

        if (s.Country is not null && !CountryCodes.IsValid(s.Country))
        {
            fail("supplier.country", PurchaseOrderErrors.CountryInvalid, $"'{s.Country}' is not an ISO 3166 alpha-2 country code.");
        }

        if (s.Name?.Length > MaxName || s.Address?.Length > MaxText)
        {
            fail(s.Name?.Length > MaxName ? "supplier.name" : "supplier.address", PurchaseOrderErrors.TextTooLong, $"Names have at most {MaxName} characters, addresses {MaxText}.");
        }

        if (s.Bank is { } bank)
        {
            if (bank.Iban is { } iban && !IsValidIban(iban))
            {
                fail("supplier.bank.iban", PurchaseOrderErrors.IbanInvalid, $"'{iban}' is not a valid IBAN (country, check digits, mod-97).");
            }

            if (bank.Swift is { } bic && !IsValidBic(bic))
            {
                fail("supplier.bank.swift", PurchaseOrderErrors.BicInvalid, $"'{bic}' is not a SWIFT/BIC of 8 or 11 characters (bank, country, location, branch).");
            }

            if (bank.Account?.Length > 64 || bank.BankName?.Length > MaxName)
            {
                fail(bank.Account?.Length > 64 ? "supplier.bank.account" : "supplier.bank.bankName", PurchaseOrderErrors.TextTooLong, "The account has at most 64 characters, the bank's name 200.");
            }
        }
    }

    private static void CheckLine(OrderLine l, string? currency, Action<string, string, string> fail)
    {
        if (l.Description.Length == 0 || l.Description.Length > MaxText)
        {
            fail("description", PurchaseOrderErrors.DescriptionRequired, $"Describe the goods (1 to {MaxText} characters).");
        }

        if (l.Sku?.Length > 64)
        {
            fail("sku", PurchaseOrderErrors.TextTooLong, "A SKU has at most 64 characters.");
        }

        if (l.HsCode is { } hs && !HsCodeShape().IsMatch(hs))
        {
            fail("hsCode", PurchaseOrderErrors.HsCodeInvalid, $"'{hs}' is not a 10-digit EAEU commodity code.");
        }

        if (l.Quantity <= 0 || decimal.Round(l.Quantity, 6) != l.Quantity)
        {
            fail("quantity", PurchaseOrderErrors.QuantityInvalid, "The quantity is positive, with at most six decimals.");
        }

        if (l.Unit.Length == 0 || l.Unit.Length > 20)
        {
            fail("unit", PurchaseOrderErrors.UnitRequired, "Name the unit of the quantity (pcs, kg, m …; at most 20 characters).");
        }

        if (l.UnitPrice <= 0 || decimal.Round(l.UnitPrice, 6) != l.UnitPrice)
        {
            fail("unitPrice", PurchaseOrderErrors.PriceInvalid, "The unit price is positive, with at most six decimals.");
        }
        else if (currency is not null && l.Quantity > 0 && Currencies.Round(l.Quantity * l.UnitPrice, currency) <= 0)
        {
            fail("unitPrice", PurchaseOrderErrors.PriceInvalid, $"The line's amount rounds to nothing in {currency}.");
        }
    }

    private static void CheckContract(ImportContract c, PurchaseOrderTerms t, bool currencyKnown, Action<string, string, string> fail)
    {
        if (c.Number.Length == 0 || c.Number.Length > 100)
        {
            fail("contract.number", PurchaseOrderErrors.ContractInvalid, "The contract's number has 1 to 100 characters.");
        }

        if (c.Date == default)
        {
            fail("contract.date", PurchaseOrderErrors.ContractInvalid, "The contract's date is required.");
        }

        if (!Currencies.IsKnown(c.Currency))
        {
            fail("contract.currency", PurchaseOrderErrors.CurrencyUnknown, "The contract's currency is an ISO 4217 code WellWon books.");
        }
        else if (currencyKnown && c.Currency != t.Currency)
        {
            fail("contract.currency", PurchaseOrderErrors.ContractCurrency, $"The contract is in {c.Currency} and the purchase order in {t.Currency}: they must be the same.");
        }

        if (c.Amount <= 0)
        {
            fail("contract.amount", PurchaseOrderErrors.ContractInvalid, "The contract's amount is positive.");
        }
        else if (currencyKnown && c.Currency == t.Currency && t.Lines.Count > 0 && t.Lines.All(l => l.Quantity > 0 && l.UnitPrice > 0) && t.Total > c.Amount)
        {
            fail("contract.amount", PurchaseOrderErrors.TotalExceedsContract,
                $"The purchase order's total {Amount(t.Total, t.Currency)} {t.Currency} exceeds the contract's amount {Amount(c.Amount, c.Currency)} {c.Currency}.");
        }

        if (c.BankRegistrationNumber is { } unk && !IsValidRegistrationNumber(unk))
        {
            fail("contract.bankRegistrationNumber", PurchaseOrderErrors.RegistrationNumberInvalid, $"'{unk}' is not a unique contract number (NNNNNNNN/NNNN/NNNN/N/N).");
        }
    }

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex IbanShape();

    [GeneratedRegex("^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$", RegexOptions.CultureInvariant)]
    private static partial Regex BicShape();

    [GeneratedRegex("^[0-9]{10}$", RegexOptions.CultureInvariant)]
    private static partial Regex HsCodeShape();

    [GeneratedRegex("^[0-9]{8}/[0-9]{4}/[0-9]{4}/[0-9]/[0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistrationNumberShape();
}

/// <summary>One payment the terms call for: what, how much, on what basis, and when it falls due once its basis is known.</summary>
public sealed record PaymentDue(string Kind, decimal Amount, string Basis, DateOnly? DueDate);

/// <summary>The payments of a purchase order, computed from its terms, its total and the days its bases happened.</summary>
public static class PaymentSchedule
{
    public const string Prepayment = "prepayment";
    public const string Balance = "balance";

    public static IReadOnlyList<PaymentDue> For(PaymentTerms terms, decimal total, string currency, DateOnly? confirmedOn, DateOnly? shippedOn, DateOnly? receivedOn)
    {
        var prepayment = Currencies.IsKnown(currency) ? Currencies.Round(total * terms.PrepaymentPercent / 100m, currency) : total * terms.PrepaymentPercent / 100m;
        var balanceBasisDay = terms.BalanceBasis == BalanceBases.AfterArrival ? receivedOn : shippedOn;
        var schedule = new List<PaymentDue>(2);
        if (prepayment > 0)
        {
            schedule.Add(new PaymentDue(Prepayment, prepayment, "confirmation", confirmedOn?.AddDays(terms.PrepaymentDays)));
        }

        if (total - prepayment > 0)
        {
            schedule.Add(new PaymentDue(Balance, total - prepayment, terms.BalanceBasis, balanceBasisDay?.AddDays(terms.BalanceDays)));
        }

        return schedule;
    }

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
