using WellWon.Platform.Kernel;

namespace WellWon.Finance.PurchaseOrders.Domain;

/// <summary>The stable codes of the purchase orders' rules (each becomes the <c>code</c> of a problem detail).</summary>
public static class PurchaseOrderErrors
{
    public const string NotFound = "finance.po.not-found";

    // 400: the data breaks a rule of shape.
    public const string SupplierRequired = "finance.po.supplier-required";
    public const string CountryInvalid = "finance.po.country-invalid";
    public const string IbanInvalid = "finance.po.iban-invalid";
    public const string BicInvalid = "finance.po.bic-invalid";
    public const string CurrencyUnknown = "finance.po.currency-unknown";
    public const string LinesRequired = "finance.po.lines-required";
    public const string DescriptionRequired = "finance.po.description-required";
    public const string HsCodeInvalid = "finance.po.hs-code-invalid";
    public const string QuantityInvalid = "finance.po.quantity-invalid";
    public const string UnitRequired = "finance.po.unit-required";
    public const string PriceInvalid = "finance.po.price-invalid";
    public const string IncotermInvalid = "finance.po.incoterm-invalid";
    public const string PlaceRequired = "finance.po.incoterm-place-required";
    public const string PaymentTermsInvalid = "finance.po.payment-terms-invalid";
    public const string ContractInvalid = "finance.po.contract-invalid";
    public const string ContractCurrency = "finance.po.contract-currency-mismatch";
    public const string RegistrationNumberInvalid = "finance.po.contract-registration-number-invalid";
    public const string TotalExceedsContract = "finance.po.total-exceeds-contract";
    public const string TextTooLong = "finance.po.text-too-long";

    // 422: the PO's status or the company's rules do not allow it.
    public const string NotDraft = "finance.po.not-draft";
    public const string StatusForbids = "finance.po.status-forbids";
    public const string ContractRequired = "finance.po.contract-required";
    public const string RegistrationRequired = "finance.po.contract-registration-required";
    public const string ContractExceeded = "finance.po.contract-remaining-exceeded";
    public const string ContractMismatch = "finance.po.contract-terms-mismatch";
    public const string RateUnavailable = "finance.po.rate-unavailable";
    public const string LineUnknown = "finance.po.line-unknown";
    public const string LinkExceedsOrdered = "finance.po.link-exceeds-ordered";
    public const string ReasonRequired = "finance.po.reason-required";

    // 403: above the manager's limit only an admin approves.
    public const string ApprovalLimitExceeded = "finance.po.approval-limit-exceeded";

    /// <summary>The one answer for a PO that does not exist and for one of a company the caller is not in.</summary>
    public static NotFoundException PurchaseOrderNotFound(Guid id) => new(NotFound, $"Purchase order {id} does not exist.");
}

/// <summary>How a purchase order rule is answered: a broken data rule (400), a status or company rule (422), or a role rule (403).</summary>
public enum RuleKind
{
    Data,
    Rule,
    Forbidden,
}

/// <summary>
/// A purchase order rule said no; <see cref="Field"/> names the part of the request (<c>lines[0].hsCode</c>), so the problem detail
/// names the field and the rule.
/// </summary>
public sealed class PurchaseOrderRuleException(string field, string code, string message, RuleKind kind = RuleKind.Data) : DomainException(code, message)
{
    public string Field { get; } = field;

    public RuleKind Kind { get; } = kind;

    public int Status => Kind switch { RuleKind.Data => 400, RuleKind.Forbidden => 403, _ => 422 };

    public static PurchaseOrderRuleException Rule(string field, string code, string message) => new(field, code, message, RuleKind.Rule);
}
