using System.Text.RegularExpressions;
using WellWon.Web.Api;

namespace WellWon.Web.Finance;

/// <summary>
/// A purchase order draft as the form edits it. The checks the server makes on shape (IBAN by mod-97, SWIFT/BIC, HS code, УНК) are
/// made here as the user types, so most mistakes show before the round trip; the server's 400 still names every field it refuses.
/// </summary>
public sealed partial class PurchaseOrderFormModel
{
    /// <summary>True: the supplier is a WellWon company; false: a party outside WellWon with its bank details.</summary>
    public bool SupplierIsCompany { get; set; }

    public Guid? SupplierCompanyId { get; set; }

    public string? SupplierName { get; set; }

    public string? SupplierCountry { get; set; }

    public string? SupplierAddress { get; set; }

    public string? BankAccount { get; set; }

    public string? Iban { get; set; }

    public string? Swift { get; set; }

    public string? BankName { get; set; }

    public string Currency { get; set; } = "USD";

    public List<OrderLineRow> Lines { get; } = [new()];

    public string? Incoterm { get; set; } = "FOB";

    public string? IncotermPlace { get; set; }

    public decimal PrepaymentPercent { get; set; }

    public int PrepaymentDays { get; set; }

    public string BalanceBasis { get; set; } = "against_documents";

    public int BalanceDays { get; set; }

    public bool HasContract { get; set; }

    public string? ContractNumber { get; set; }

    public DateTime? ContractDate { get; set; }

    public string? ContractCurrency { get; set; }

    public decimal? ContractAmount { get; set; }

    public string? BankRegistrationNumber { get; set; }

    public DateTime? ExpectedDelivery { get; set; }

    /// <summary>The sum of the lines, each rounded to the currency's minor units as the server rounds it.</summary>
    public decimal Total => Lines.Sum(l => decimal.Round((l.Quantity ?? 0) * (l.UnitPrice ?? 0), FinanceMoney.MinorUnitsOf(Currency), MidpointRounding.AwayFromZero));

    /// <summary>What the form itself finds wrong, by the field paths the server uses (<c>supplier.bank.iban</c>, <c>lines[0].hsCode</c>).</summary>
    public IReadOnlyDictionary<string, string> LocalErrors()
    {
        var errors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!SupplierIsCompany && Normalized(Iban) is { } iban && !IsValidIban(iban))
        {
            errors["supplier.bank.iban"] = $"'{iban}' is not a valid IBAN (country, check digits, mod-97).";
        }

        if (!SupplierIsCompany && Normalized(Swift) is { } bic && !BicShape().IsMatch(bic))
        {
            errors["supplier.bank.swift"] = $"'{bic}' is not a SWIFT/BIC of 8 or 11 characters (bank, country, location, branch).";
        }

        for (var i = 0; i < Lines.Count; i++)
        {
            if (Lines[i].HsCode is { Length: > 0 } hs && !HsCodeShape().IsMatch(hs.Trim()))
            {
                errors[$"lines[{i}].hsCode"] = $"'{hs}' is not a 10-digit EAEU commodity code.";
            }

            // A unit price may be finer than the currency (six decimals); only the line's amount is rounded to its minor units.
            if (Lines[i].UnitPrice is { } price && (price <= 0 || decimal.Round(price, 6) != price))
            {
                errors[$"lines[{i}].unitPrice"] = "The unit price is positive, with at most six decimals.";
            }
        }

        if (HasContract && BankRegistrationNumber is { Length: > 0 } unk && !UnkShape().IsMatch(unk.Trim()))
        {
            errors["contract.bankRegistrationNumber"] = $"'{unk}' is not a unique contract number (NNNNNNNN/NNNN/NNNN/N/N).";
        }

        return errors;
    }

    public PurchaseOrderBody ToBody(Guid companyId) => new(
        companyId,
        SupplierIsCompany
            ? new SupplierBody(SupplierCompanyId, null, null, null, null)
            : new SupplierBody(null, Text(SupplierName), Text(SupplierCountry)?.ToUpperInvariant(), Text(SupplierAddress),
                (Text(BankAccount) ?? Text(Iban) ?? Text(Swift) ?? Text(BankName)) is null ? null
                    : new BankDetailsBody(Text(BankAccount), Normalized(Iban), Normalized(Swift), Text(BankName))),
        Currency,
        [.. Lines.Select(l => new OrderLineBody(Text(l.Description), l.Quantity ?? 0, Text(l.Unit), l.UnitPrice ?? 0, Text(l.Sku), Text(l.HsCode)))],
        Incoterm,
        Text(IncotermPlace),
        new PaymentTermsBody(PrepaymentPercent, PrepaymentDays, BalanceBasis, BalanceDays),
        HasContract
            ? new ImportContractBody(Text(ContractNumber), DateOnly.FromDateTime(ContractDate ?? DateTime.UtcNow.Date), ContractCurrency ?? Currency, ContractAmount ?? 0,
                Text(BankRegistrationNumber))
            : null,
        ExpectedDelivery is { } d ? DateOnly.FromDateTime(d) : null);

    public static PurchaseOrderFormModel From(PurchaseOrderDetails po)
    {
        var form = new PurchaseOrderFormModel
        {
            SupplierIsCompany = po.Supplier.CompanyId is not null,
            SupplierCompanyId = po.Supplier.CompanyId,
            SupplierName = po.Supplier.Name,
            SupplierCountry = po.Supplier.Country,
            SupplierAddress = po.Supplier.Address,
            BankAccount = po.Supplier.Bank?.Account,
            Iban = po.Supplier.Bank?.Iban,
            Swift = po.Supplier.Bank?.Swift,
            BankName = po.Supplier.Bank?.BankName,
            Currency = po.Currency,
            Incoterm = po.Incoterm,
            IncotermPlace = po.IncotermPlace,
            PrepaymentPercent = po.PaymentTerms.PrepaymentPercent,
            PrepaymentDays = po.PaymentTerms.PrepaymentDays,
            BalanceBasis = po.PaymentTerms.BalanceBasis,
            BalanceDays = po.PaymentTerms.BalanceDays,
            HasContract = po.Contract is not null,
            ContractNumber = po.Contract?.Number,
            ContractDate = po.Contract?.Date.ToDateTime(TimeOnly.MinValue),
            ContractCurrency = po.Contract?.Currency,
            ContractAmount = po.Contract?.Amount,
            BankRegistrationNumber = po.Contract?.BankRegistrationNumber,
            ExpectedDelivery = po.ExpectedDelivery?.ToDateTime(TimeOnly.MinValue),
        };
        form.Lines.Clear();
        form.Lines.AddRange(po.Lines.Select(l => new OrderLineRow
        {
            Description = l.Description, Sku = l.Sku, HsCode = l.HsCode, Quantity = l.Ordered, Unit = l.Unit, UnitPrice = l.UnitPrice,
        }));
        return form;
    }

    /// <summary>ISO 13616: two letters, two check digits, the rest moved behind and read as a number (letters 10..35) leaves 1 mod 97.</summary>
    public static bool IsValidIban(string iban)
    {
        if (!IbanShape().IsMatch(iban))
        {
            return false;
        }

        var remainder = 0;
        foreach (var ch in iban[4..] + iban[..4])
        {
            var value = char.IsDigit(ch) ? ch - '0' : ch - 'A' + 10;
            remainder = value < 10 ? ((remainder * 10) + value) % 97 : ((remainder * 100) + value) % 97;
        }

        return remainder == 1;
    }

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string? Normalized(string? s) => Text(s)?.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex IbanShape();

    [GeneratedRegex("^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$", RegexOptions.CultureInvariant)]
    private static partial Regex BicShape();

    [GeneratedRegex("^[0-9]{10}$", RegexOptions.CultureInvariant)]
    private static partial Regex HsCodeShape();

    [GeneratedRegex("^[0-9]{8}/[0-9]{4}/[0-9]{4}/[0-9]/[0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex UnkShape();
}

public sealed class OrderLineRow
{
    public string? Description { get; set; }

    public string? Sku { get; set; }

    public string? HsCode { get; set; }

    public decimal? Quantity { get; set; }

    public string? Unit { get; set; } = "pcs";

    public decimal? UnitPrice { get; set; }
}
