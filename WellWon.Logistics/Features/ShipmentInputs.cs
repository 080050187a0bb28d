using FluentValidation;
using FluentValidation.Results;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;

namespace WellWon.Logistics.Features;

// What clients send (JSON, camelCase): every field may be missing, so a missing one is reported by the rule it breaks instead
// of failing to bind. The mapping below normalises codes (upper-case, no spaces) and hands missing values to the domain's rules.

/// <summary>A party: <c>{"companyId": "…"}</c> for a WellWon company, or <c>{"name": "…", "address": "…"}</c> for anyone else.</summary>
public sealed record PartyInput(Guid? CompanyId = null, string? Name = null, string? Address = null);

public sealed record MoneyInput(decimal? Amount = null, string? Currency = null);

/// <param name="Id">Optional on create (a new id is given); names the line in later changes.</param>
public sealed record CargoLineInput(
    Guid? Id = null,
    string? Description = null,
    string? HsCode = null,
    int? Packages = null,
    string? PackageType = null,
    decimal? GrossWeightKg = null,
    decimal? NetWeightKg = null,
    decimal? VolumeM3 = null,
    MoneyInput? DeclaredValue = null);

public sealed record ContainerInput(string? Number = null, string? Type = null, IReadOnlyList<string>? Seals = null);

/// <param name="Mode">Optional unless the shipment is multimodal: a leg goes by the shipment's mode otherwise.</param>
public sealed record LegInput(
    Guid? Id = null,
    string? From = null,
    string? To = null,
    string? Mode = null,
    string? Carrier = null,
    string? Vessel = null,
    string? Voyage = null,
    string? FlightNumber = null,
    DateTimeOffset? Etd = null,
    DateTimeOffset? Eta = null);

/// <summary>Client input → the domain's values, and the domain's rule violations → validation failures.</summary>
internal static class ShipmentInputs
{
    public static ShipmentHeader Header(PartyInput? shipper, PartyInput? consignee, PartyInput? notifyParty, string? incoterm, string? incotermPlace, string? blNumber) =>
        new(
            Party(shipper),
            Party(consignee),
            Party(notifyParty),
            ShipmentRules.Clean(incoterm) is { } rule ? Incoterms.Normalize(rule) : null,
            ShipmentRules.Clean(incotermPlace),
            ShipmentRules.Clean(blNumber) is { } bl ? TransportIds.NormalizeBl(bl) : null);

    public static Party? Party(PartyInput? input) =>
        input is null ? null : new Party(input.CompanyId, ShipmentRules.Clean(input.Name), ShipmentRules.Clean(input.Address));

    /// <summary>A cargo line; <paramref name="id"/> when the input names none.</summary>
    public static CargoLine CargoLine(CargoLineInput input, Guid id) => new(
        input.Id ?? id,
        input.Description?.Trim() ?? string.Empty,
        ShipmentRules.Clean(input.HsCode) is { } hs ? HsCode.Normalize(hs) : null,
        input.Packages ?? 0,
        ShipmentRules.Clean(input.PackageType),
        input.GrossWeightKg ?? 0,
        input.NetWeightKg,
        input.VolumeM3,
        input.DeclaredValue is { } value ? new Money(value.Amount ?? -1, CurrencyCodes.Normalize(value.Currency)) : null);

    public static Container Container(ContainerInput input) =>
        Container(input, ContainerNumber.Normalize(input.Number));

    public static Container Container(ContainerInput input, string number) => new(
        number,
        ContainerTypeCode.Normalize(input.Type),
        [.. (input.Seals ?? []).Select(SealNumber.Normalize)]);

    public static RouteLeg Leg(LegInput input, Guid id) => new(
        input.Id ?? id,
        UnLocode.Normalize(input.From),
        UnLocode.Normalize(input.To),
        (input.Mode ?? string.Empty).Trim().ToLowerInvariant(),
        ShipmentRules.Clean(input.Carrier),
        ShipmentRules.Clean(input.Vessel),
        ShipmentRules.Clean(input.Voyage)?.ToUpperInvariant(),
        ShipmentRules.Clean(input.FlightNumber) is { } flight ? TransportIds.NormalizeFlight(flight) : null,
        input.Etd,
        input.Eta);

    public static void Report<T>(ValidationContext<T> context, IEnumerable<RuleViolation> violations)
    {
        foreach (var v in violations)
        {
            context.AddFailure(new ValidationFailure(v.Field, v.Message) { ErrorCode = v.Code });
        }
    }
}
