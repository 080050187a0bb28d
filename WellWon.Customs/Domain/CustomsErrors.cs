using WellWon.Platform.Kernel;

namespace WellWon.Customs.Domain;

/// <summary>The stable codes of the rules a declaration enforces (each becomes the <c>code</c> of a problem detail).</summary>
public static class CustomsErrors
{
    public const string NotFound = "customs.declaration-not-found";

    // Shapes and cross-field rules: answered as 400 naming the field.
    public const string HsCodeInvalid = "customs.hs-code-invalid";
    public const string CountryInvalid = "customs.country-invalid";
    public const string CurrencyInvalid = "customs.currency-invalid";
    public const string AmountInvalid = "customs.amount-invalid";
    public const string ProcedureInvalid = "customs.procedure-invalid";
    public const string ProcedureUnknown = "customs.procedure-unknown";
    public const string CustomsOfficeInvalid = "customs.customs-office-invalid";
    public const string IncotermInvalid = "customs.incoterm-invalid";
    public const string PartyInvalid = "customs.party-invalid";
    public const string DescriptionInvalid = "customs.description-invalid";
    public const string QuantityInvalid = "customs.quantity-invalid";
    public const string UnitInvalid = "customs.unit-invalid";
    public const string WeightInvalid = "customs.weight-invalid";
    public const string NetExceedsGross = "customs.net-exceeds-gross";
    public const string PreferenceInvalid = "customs.preference-invalid";
    public const string PreferenceNotGranted = "customs.preference-not-granted";
    public const string DocumentInvalid = "customs.document-invalid";
    public const string CostKindInvalid = "customs.cost-kind-invalid";
    public const string AllocationInvalid = "customs.allocation-invalid";
    public const string RegistrationNumberInvalid = "customs.registration-number-invalid";
    public const string ReasonRequired = "customs.reason-required";
    public const string IdDuplicate = "customs.id-duplicate";

    // Where the declaration stands: answered as 422.
    public const string NotEditable = "customs.declaration-not-editable";
    public const string TransitionInvalid = "customs.transition-invalid";
    public const string Incomplete = "customs.declaration-incomplete";
    public const string NotCalculated = "customs.declaration-not-calculated";
    public const string CorrectionNotAllowed = "customs.correction-not-allowed";
    public const string CalculationStale = "customs.calculation-stale";
    public const string ShipmentWithoutCargo = "customs.shipment-without-cargo";
    public const string ComplianceFailed = "customs.compliance-failed";

    // Calculation inputs the tariff or the rates do not give: 422.
    public const string RateMissing = "customs.currency-rate-missing";
    public const string TariffMissing = "customs.tariff-missing";
    public const string FeeBandMissing = "customs.fee-band-missing";

    // Parts that are not there: 404.
    public const string ItemNotFound = "customs.item-not-found";
    public const string ShipmentNotFound = "customs.shipment-not-found";

    /// <summary>The one answer for a declaration that does not exist and for one of a company the caller is not in.</summary>
    public static NotFoundException DeclarationNotFound(Guid declarationId) => new(NotFound, $"Declaration {declarationId} does not exist.");

    /// <summary>The one answer for a shipment Customs has not heard of and for one of another company.</summary>
    public static NotFoundException ShipmentMissing(Guid shipmentId) => new(ShipmentNotFound, $"Shipment {shipmentId} does not exist.");
}

/// <summary>
/// A declaration's data breaks a rule of shape or consistency; <see cref="Field"/> names it from the declaration
/// (<c>items[0].hsCode</c>) so the endpoint answers 400 naming it.
/// </summary>
public sealed class CustomsRuleException(string field, string code, string message) : DomainException(code, message)
{
    public string Field { get; } = field;

    /// <summary>The same violation named from an enclosing collection: <c>hsCode</c> of item 0 is <c>items[0].hsCode</c>.</summary>
    public CustomsRuleException In(string collection, int index) => new($"{collection}[{index}].{Field}", Code, Message);
}
