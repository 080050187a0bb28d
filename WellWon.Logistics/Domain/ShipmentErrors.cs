using WellWon.Platform.Kernel;

namespace WellWon.Logistics.Domain;

/// <summary>The stable codes of the rules a shipment enforces (each becomes the <c>code</c> of a problem detail).</summary>
public static class ShipmentErrors
{
    public const string NotFound = "logistics.shipment-not-found";

    // Shapes and cross-field rules: answered as 400 naming the field.
    public const string ModeInvalid = "logistics.mode-invalid";
    public const string IncotermInvalid = "logistics.incoterm-invalid";
    public const string IncotermMode = "logistics.incoterm-mode";
    public const string IncotermPlaceInvalid = "logistics.incoterm-place-invalid";
    public const string PartyInvalid = "logistics.party-invalid";
    public const string BlNumberInvalid = "logistics.bl-number-invalid";
    public const string DescriptionInvalid = "logistics.description-invalid";
    public const string HsCodeInvalid = "logistics.hs-code-invalid";
    public const string PackagesInvalid = "logistics.packages-invalid";
    public const string PackageTypeInvalid = "logistics.package-type-invalid";
    public const string WeightInvalid = "logistics.weight-invalid";
    public const string NetExceedsGross = "logistics.net-exceeds-gross";
    public const string VolumeInvalid = "logistics.volume-invalid";
    public const string AmountInvalid = "logistics.amount-invalid";
    public const string CurrencyInvalid = "logistics.currency-invalid";
    public const string ContainerNumberInvalid = "logistics.container-number-invalid";
    public const string ContainerCheckDigit = "logistics.container-check-digit";
    public const string ContainerTypeInvalid = "logistics.container-type-invalid";
    public const string SealInvalid = "logistics.seal-invalid";
    public const string ContainerDuplicate = "logistics.container-duplicate";
    public const string UnLocodeInvalid = "logistics.unlocode-invalid";
    public const string UnLocodeCountryUnknown = "logistics.unlocode-country-unknown";
    public const string LegEndsEqual = "logistics.leg-ends-equal";
    public const string LegModeInvalid = "logistics.leg-mode-invalid";
    public const string LegsNotChained = "logistics.legs-not-chained";
    public const string EtaBeforeEtd = "logistics.eta-before-etd";
    public const string VesselNotSea = "logistics.vessel-not-sea";
    public const string FlightNotAir = "logistics.flight-not-air";
    public const string FlightNumberInvalid = "logistics.flight-number-invalid";
    public const string TextInvalid = "logistics.text-invalid";
    public const string IdDuplicate = "logistics.id-duplicate";
    public const string MilestoneKindInvalid = "logistics.milestone-kind-invalid";
    public const string MilestoneInFuture = "logistics.milestone-in-future";
    public const string ReasonRequired = "logistics.reason-required";
    public const string AtaBeforeAtd = "logistics.ata-before-atd";
    public const string DocumentTypeInvalid = "logistics.document-type-invalid";

    // Where the shipment stands: answered as 422.
    public const string Closed = "logistics.shipment-closed";
    public const string Departed = "logistics.shipment-departed";
    public const string NotDraft = "logistics.shipment-not-draft";
    public const string BookingIncomplete = "logistics.booking-incomplete";
    public const string CancelAfterDeparture = "logistics.cancel-after-departure";
    public const string MilestoneOutOfOrder = "logistics.milestone-out-of-order";
    public const string LegAlreadyDeparted = "logistics.leg-already-departed";
    public const string LegNotDeparted = "logistics.leg-not-departed";
    public const string LegAlreadyArrived = "logistics.leg-already-arrived";
    public const string NoLegToReport = "logistics.no-leg-to-report";

    // Parts that are not there: 404.
    public const string CargoLineNotFound = "logistics.cargo-line-not-found";
    public const string ContainerNotFound = "logistics.container-not-found";
    public const string LegNotFound = "logistics.leg-not-found";
    public const string DocumentNotFound = "logistics.document-not-found";

    /// <summary>The one answer for a shipment that does not exist and for one of a company the caller is not in.</summary>
    public static NotFoundException ShipmentNotFound(Guid shipmentId) => new(NotFound, $"Shipment {shipmentId} does not exist.");
}

/// <summary>One broken rule of a shipment's data: the field (relative to the item it is in), a stable code and a message for people.</summary>
public sealed record RuleViolation(string Field, string Code, string Message)
{
    /// <summary>The same violation named from the shipment: <c>netWeightKg</c> of cargo line 0 is <c>cargo[0].netWeightKg</c>.</summary>
    public RuleViolation In(string collection, int index) => this with { Field = $"{collection}[{index}].{Field}" };
}

/// <summary>
/// A shipment's data breaks a rule of shape or consistency. <see cref="Field"/> names it from the shipment
/// (<c>containers[0].number</c>), <see cref="ItemField"/> from the item a command changes (<c>number</c>); the endpoint answers 400.
/// </summary>
public sealed class ShipmentRuleException(RuleViolation violation, string? collection = null, int? index = null)
    : DomainException(violation.Code, violation.Message)
{
    public string ItemField { get; } = violation.Field;

    public string Field { get; } = collection is null ? violation.Field : $"{collection}[{index}].{violation.Field}";
}
