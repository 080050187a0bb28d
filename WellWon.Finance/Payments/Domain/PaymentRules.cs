using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using WellWon.Companies.Domain;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Finance.Payments.Domain;

/// <summary>The codes of the payment orders' refusals (400 names the field; 409 and 422 carry the code).</summary>
public static class PaymentErrors
{
    public const string Required = "finance.payment.required";
    public const string PurposeUnknown = "finance.payment.purpose-unknown";
    public const string IbanInvalid = "finance.payment.iban-invalid";
    public const string AccountInvalid = "finance.payment.account-invalid";
    public const string BicInvalid = "finance.payment.bic-invalid";
    public const string CountryInvalid = "finance.payment.country-invalid";
    public const string CurrencyUnknown = "finance.payment.currency-unknown";
    public const string AmountInvalid = "finance.payment.amount-invalid";
    public const string AmountPrecision = "finance.payment.amount-precision";
    public const string RegistrationNumberInvalid = "finance.payment.registration-number-invalid";
    public const string TooLong = "finance.payment.too-long";

    public const string IdReused = "finance.payment.id-reused";
    public const string TooLate = "finance.payment.too-late";
    public const string NotFound = "finance.payment.not-found";
    public const string NoBank = "finance.payment.no-bank";
    public const string PurposeNotFound = "finance.payment.purpose-not-found";
    public const string PurposeNotPayable = "finance.payment.purpose-not-payable";
    public const string CurrencyMismatch = "finance.payment.currency-mismatch";
    public const string ExceedsOpenAmount = "finance.payment.exceeds-open-amount";
    public const string CustomsInRoubles = "finance.payment.customs-in-roubles";
    public const string RegistrationRequired = "finance.payment.registration-required";
}

public sealed record PaymentPurposeRequest(string? Kind, Guid? Id);

public sealed record BeneficiaryRequest(string? Name, string? Account, string? Swift, string? BankName, string? Country);

/// <summary>The body of <c>POST /api/finance/payments</c>; <see cref="PaymentOrderId"/> is the client's idempotency key.</summary>
public sealed record PaymentOrderRequest(
    Guid? CompanyId,
    Guid? PaymentOrderId,
    PaymentPurposeRequest? Purpose,
    BeneficiaryRequest? Beneficiary,
    decimal? Amount,
    string? Currency,
    string? PurposeText,
    string? ContractRegistrationNumber);

/// <summary>A request that passed the shape rules, normalised (codes upper-case, accounts without spaces, text trimmed).</summary>
public sealed record ValidPaymentOrder(
    Guid CompanyId, Guid PaymentOrderId, string PurposeKind, Guid PurposeId, Beneficiary Beneficiary, decimal Amount, string Currency,
    string PurposeText, string? ContractRegistrationNumber)
{
    /// <summary>The hash of everything the order says, so a retry with the same body is told from a reuse of the id.</summary>
    public string Fingerprint()
    {
        var b = Beneficiary;
        var text = string.Join('\n', CompanyId.ToString("N"), PurposeKind, PurposeId.ToString("N"), b.Name, b.Account, b.Swift, b.BankName, b.Country,
            Currencies.Format(Amount, Currency), Currency, PurposeText, ContractRegistrationNumber);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>
/// The shape rules of a payment order: the purpose, the beneficiary (an IBAN passes mod 97 when the account looks like one; a BIC is
/// 8 or 11 characters with a real country; the country ISO 3166), the amount (more than 0, with the currency's minor units, in a
/// currency the company's books keep a bank account in) and the contract's registration number when given.
/// </summary>
public static partial class PaymentRules
{
    public static ValidPaymentOrder Validate(PaymentOrderRequest r)
    {
        var errors = new List<FieldError>();
        void Fail(string field, string code, string message) => errors.Add(new FieldError(field, code, message));

        if (r.CompanyId is not { } companyId || companyId == Guid.Empty)
        {
            Fail("companyId", PaymentErrors.Required, "The paying company is required.");
        }

        if (r.PaymentOrderId is not { } orderId || orderId == Guid.Empty)
        {
            Fail("paymentOrderId", PaymentErrors.Required, "The client chooses the order's id (a Guid); it is the idempotency key.");
        }

        if (r.Purpose?.Kind is not { } kind || !PaymentPurposes.All.Contains(kind))
        {
            Fail("purpose.kind", PaymentErrors.PurposeUnknown, $"The purpose is one of {string.Join(", ", PaymentPurposes.All)}.");
        }

        if (r.Purpose?.Id is not { } purposeId || purposeId == Guid.Empty)
        {
            Fail("purpose.id", PaymentErrors.Required, "The purpose names the invoice, purchase order or customs payable paid.");
        }

        var name = Text(r.Beneficiary?.Name);
        var account = Text(r.Beneficiary?.Account)?.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        var swift = Text(r.Beneficiary?.Swift)?.ToUpperInvariant();
        var country = Text(r.Beneficiary?.Country)?.ToUpperInvariant();
        if (name is null)
        {
            Fail("beneficiary.name", PaymentErrors.Required, "The beneficiary's name is required.");
        }
        else if (name.Length > 200)
        {
            Fail("beneficiary.name", PaymentErrors.TooLong, "The beneficiary's name has at most 200 characters.");
        }

        if (account is null)
        {
            Fail("beneficiary.account", PaymentErrors.Required, "The beneficiary's account (IBAN or account number) is required.");
        }
        else if (LooksLikeIban().IsMatch(account))
        {
            if (!PurchaseOrderRules.IsValidIban(account))
            {
                Fail("beneficiary.iban", PaymentErrors.IbanInvalid, $"'{account}' is not a valid IBAN (country, check digits, mod-97).");
            }
        }
        else if (!AccountNumber().IsMatch(account))
        {
            Fail("beneficiary.account", PaymentErrors.AccountInvalid, "An account number has 5 to 34 letters and digits.");
        }

        var currency = Text(r.Currency)?.ToUpperInvariant();
        var foreign = currency is not null && currency != Currencies.Rub;
        if (swift is null)
        {
            if (foreign)
            {
                Fail("beneficiary.swift", PaymentErrors.Required, "A payment in foreign currency names the beneficiary's bank by its SWIFT/BIC.");
            }
        }
        else if (!PurchaseOrderRules.IsValidBic(swift))
        {
            Fail("beneficiary.swift", PaymentErrors.BicInvalid, $"'{swift}' is not a SWIFT/BIC of 8 or 11 characters (bank, country, location, branch).");
        }

        if (country is null || !CountryCodes.IsValid(country))
        {
            Fail("beneficiary.country", PaymentErrors.CountryInvalid, "The beneficiary's country is an ISO 3166 alpha-2 code.");
        }

        if (currency is null || !Currencies.Ledger.Contains(currency))
        {
            Fail("currency", PaymentErrors.CurrencyUnknown, $"Payments are made in {string.Join(", ", Currencies.Ledger)}: the currencies the company's bank accounts are kept in.");
        }

        if (r.Amount is not { } amount || amount <= 0)
        {
            Fail("amount", PaymentErrors.AmountInvalid, "The amount is more than 0.");
        }
        else if (currency is not null && Currencies.IsKnown(currency) && Currencies.Round(amount, currency) != amount)
        {
            Fail("amount", PaymentErrors.AmountPrecision, $"{currency} amounts have {Currencies.MinorUnitsOf(currency)} decimals at most.");
        }

        var purposeText = Text(r.PurposeText);
        if (purposeText is null)
        {
            Fail("purposeText", PaymentErrors.Required, "The payment's purpose as the bank prints it is required.");
        }
        else if (purposeText.Length > 210)
        {
            Fail("purposeText", PaymentErrors.TooLong, "The purpose text has at most 210 characters (the bank's field).");
        }

        var registration = Text(r.ContractRegistrationNumber);
        if (registration is not null && !PurchaseOrderRules.IsValidRegistrationNumber(registration))
        {
            Fail("contractRegistrationNumber", PaymentErrors.RegistrationNumberInvalid, "The contract's registration number (УНК) reads NNNNNNNN/NNNN/NNNN/N/N.");
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        return new ValidPaymentOrder(r.CompanyId!.Value, r.PaymentOrderId!.Value, r.Purpose!.Kind!, r.Purpose.Id!.Value,
            new Beneficiary(name!, account!, swift, Text(r.Beneficiary?.BankName), country!), r.Amount!.Value, currency!, purposeText!, registration);
    }

    public static string Format(int year, int number) => string.Create(CultureInfo.InvariantCulture, $"PAY-{year:D4}-{number:D6}");

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // Two letters and two digits: the start of every IBAN, and of no local account number.
    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex LooksLikeIban();

    [GeneratedRegex("^[A-Z0-9]{5,34}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountNumber();
}
