using System.Text.RegularExpressions;
using WellWon.Web.Api;

namespace WellWon.Web.Finance;

/// <summary>
/// A payment order as the form edits it. The shape checks the bank would make (IBAN by mod-97 or a plain account number, BIC, country,
/// amount in the currency's minor units, УНК) are made here as the user types; the server's 400 still names every field it refuses.
/// </summary>
public sealed partial class PaymentOrderFormModel
{
    /// <summary>The idempotency key: chosen once per form, so a send repeated after a lost answer creates no second order.</summary>
    public Guid PaymentOrderId { get; } = Guid.CreateVersion7();

    public string PurposeKind { get; set; } = PaymentVocabulary.SupplierInvoice;

    public Guid? PurposeId { get; set; }

    public string? BeneficiaryName { get; set; }

    public string? Account { get; set; }

    public string? Swift { get; set; }

    public string? BankName { get; set; }

    public string? Country { get; set; }

    public decimal? Amount { get; set; }

    public string Currency { get; set; } = "USD";

    public string? PurposeText { get; set; }

    public string? ContractRegistrationNumber { get; set; }

    /// <summary>
    /// What the form itself finds wrong, by the field paths the server uses (<c>beneficiary.account</c>, <c>amount</c>): a value of the
    /// wrong shape at once, a missing one only when <paramref name="includeMissing"/> (after the user tried to send).
    /// </summary>
    public IReadOnlyDictionary<string, string> LocalErrors(bool includeMissing = true)
    {
        var errors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (PurposeId is null && includeMissing)
        {
            errors["purpose.id"] = "Pick what this payment settles.";
        }

        if (Text(BeneficiaryName) is null && includeMissing)
        {
            errors["beneficiary.name"] = "The beneficiary's name is required.";
        }

        if (Normalized(Account) is not { } account)
        {
            if (includeMissing)
            {
                errors["beneficiary.account"] = "The beneficiary's IBAN or account number is required.";
            }
        }
        else if (IbanLike().IsMatch(account) ? !PurchaseOrderFormModel.IsValidIban(account) : !AccountNumber().IsMatch(account))
        {
            errors["beneficiary.account"] = $"'{account}' is neither a valid IBAN (country, check digits, mod-97) nor an account number of 5 to 34 digits.";
        }

        if (Normalized(Swift) is { } bic && !BicShape().IsMatch(bic))
        {
            errors["beneficiary.swift"] = $"'{bic}' is not a SWIFT/BIC of 8 or 11 characters (bank, country, location, branch).";
        }
        else if (Normalized(Swift) is null && Currency != "RUB" && includeMissing)
        {
            errors["beneficiary.swift"] = "A transfer abroad needs the beneficiary bank's SWIFT/BIC.";
        }

        if (Text(Country) is { } country && !CountryShape().IsMatch(country.ToUpperInvariant()))
        {
            errors["beneficiary.country"] = "A two-letter ISO country code.";
        }

        if (Amount is not { } amount)
        {
            if (includeMissing)
            {
                errors["amount"] = "A positive amount.";
            }
        }
        else if (amount <= 0)
        {
            errors["amount"] = "A positive amount.";
        }
        else if (!FinanceMoney.IsExact(amount, Currency))
        {
            errors["amount"] = $"At most {FinanceMoney.MinorUnitsOf(Currency)} decimals in {Currency}.";
        }

        if (Text(ContractRegistrationNumber) is { } unk && !UnkShape().IsMatch(unk))
        {
            errors["contractRegistrationNumber"] = $"'{unk}' is not a unique contract number (NNNNNNNN/NNNN/NNNN/N/N).";
        }

        return errors;
    }

    public PaymentOrderBody ToBody(Guid companyId) => new(
        companyId,
        PaymentOrderId,
        new PaymentPurposeBody(PurposeKind, PurposeId ?? Guid.Empty),
        new BeneficiaryBody(Text(BeneficiaryName), Normalized(Account), Normalized(Swift), Text(BankName), Text(Country)?.ToUpperInvariant()),
        Amount ?? 0,
        Currency,
        Text(PurposeText),
        Text(ContractRegistrationNumber));

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string? Normalized(string? s) => Text(s)?.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}", RegexOptions.CultureInvariant)]
    private static partial Regex IbanLike();

    [GeneratedRegex("^[0-9]{5,34}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountNumber();

    [GeneratedRegex("^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$", RegexOptions.CultureInvariant)]
    private static partial Regex BicShape();

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryShape();

    [GeneratedRegex("^[0-9]{8}/[0-9]{4}/[0-9]{4}/[0-9]/[0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex UnkShape();
}
