using WellWon.Logistics.Contracts;

namespace WellWon.Logistics.Domain;

/// <summary>A new shipment as its creator describes it (normalised); what <see cref="Shipment.Create"/> checks and records.</summary>
public sealed record ShipmentDraft(string Mode, ShipmentHeader Header, IReadOnlyList<CargoLine> Cargo, IReadOnlyList<Container> Containers, IReadOnlyList<RouteLeg> Legs);

/// <summary>
/// The rules of a shipment's data, in one place: the request validators report every violation with its field (400) and the
/// aggregate enforces the same functions as invariants. Fields are named as clients spell them, relative to the item checked.
/// </summary>
public static class ShipmentRules
{
    public const int NameMaxLength = 200;
    public const int AddressMaxLength = 1000;
    public const int DescriptionMaxLength = 500;
    public const int PackageTypeMaxLength = 35;
    public const int CarrierMaxLength = 100;
    public const int VesselMaxLength = 100;
    public const int VoyageMaxLength = 20;
    public const int IncotermPlaceMaxLength = 100;
    public const int ReasonMaxLength = 500;
    public const int NoteMaxLength = 4000;
    public const int MaxPackages = 10_000_000;
    public const decimal MaxWeightKg = 1_000_000_000m;
    public const decimal MaxVolumeM3 = 10_000_000m;
    public const decimal MaxAmount = 1_000_000_000_000_000m;

    public static IEnumerable<RuleViolation> CheckDraft(ShipmentDraft draft)
    {
        if (!TransportModes.All.Contains(draft.Mode))
        {
            yield return new("mode", ShipmentErrors.ModeInvalid, $"The mode is one of: {string.Join(", ", TransportModes.All.Order())}.");
        }

        foreach (var v in CheckHeader(draft.Header, draft.Mode))
        {
            yield return v;
        }

        for (var i = 0; i < draft.Cargo.Count; i++)
        {
            foreach (var v in CheckCargoLine(draft.Cargo[i]))
            {
                yield return v.In("cargo", i);
            }

            if (draft.Cargo.Take(i).Any(l => l.Id == draft.Cargo[i].Id))
            {
                yield return new RuleViolation("id", ShipmentErrors.IdDuplicate, "Two cargo lines have this id.").In("cargo", i);
            }
        }

        for (var i = 0; i < draft.Containers.Count; i++)
        {
            foreach (var v in CheckContainer(draft.Containers[i]))
            {
                yield return v.In("containers", i);
            }

            if (draft.Containers.Take(i).Any(c => c.Number == draft.Containers[i].Number))
            {
                yield return Duplicate(draft.Containers[i].Number).In("containers", i);
            }
        }

        for (var i = 0; i < draft.Legs.Count; i++)
        {
            foreach (var v in CheckLeg(draft.Legs[i], modeMayBeInherited: false))
            {
                yield return v.In("legs", i);
            }

            if (draft.Legs.Take(i).Any(l => l.Id == draft.Legs[i].Id))
            {
                yield return new RuleViolation("id", ShipmentErrors.IdDuplicate, "Two legs have this id.").In("legs", i);
            }
        }

        foreach (var v in CheckChain(draft.Legs))
        {
            yield return v;
        }
    }

    /// <summary>The header's parties, Incoterms rule (allowed for <paramref name="mode"/>) with its place, and the B/L number.</summary>
    public static IEnumerable<RuleViolation> CheckHeader(ShipmentHeader header, string mode)
    {
        foreach (var (party, field) in new[] { (header.Shipper, "shipper"), (header.Consignee, "consignee"), (header.NotifyParty, "notifyParty") })
        {
            if (CheckParty(party, field) is { } broken)
            {
                yield return broken;
            }
        }

        if (header.Incoterm is { } incoterm)
        {
            if (!Incoterms.All.Contains(incoterm))
            {
                yield return new("incoterm", ShipmentErrors.IncotermInvalid, $"The Incoterms 2020 rules are {string.Join(", ", Incoterms.All.Order())}.");
            }
            else if (TransportModes.All.Contains(mode) && !Incoterms.Allows(incoterm, mode))
            {
                yield return new("incoterm", ShipmentErrors.IncotermMode,
                    $"{incoterm} is for sea and inland waterway transport only; a {mode} shipment uses FCA, CPT, CIP, DAP, DPU, DDP or EXW.");
            }
        }

        if (header.IncotermPlace is { } place && (header.Incoterm is null || place.Length > IncotermPlaceMaxLength))
        {
            yield return new("incotermPlace", ShipmentErrors.IncotermPlaceInvalid,
                $"The named place belongs to an Incoterms rule and has at most {IncotermPlaceMaxLength} characters.");
        }

        if (header.BlNumber is { } bl && !TransportIds.IsBlNumber(bl))
        {
            yield return new("blNumber", ShipmentErrors.BlNumberInvalid, "A B/L number has 3 to 35 letters, digits, '-' or '/'.");
        }
    }

    /// <summary>A WellWon company by id, or a name (and an optional address) — one or the other.</summary>
    public static RuleViolation? CheckParty(Party? party, string field)
    {
        if (party is null)
        {
            return null;
        }

        if (party.CompanyId is { } companyId)
        {
            return companyId == Guid.Empty || party.Name is not null || party.Address is not null
                ? new(field, ShipmentErrors.PartyInvalid, "A party is a WellWon company (companyId) or a name and address, not both.")
                : null;
        }

        if (party.Name is not { Length: > 0 and <= NameMaxLength })
        {
            return new($"{field}.name", ShipmentErrors.PartyInvalid, $"A party outside WellWon needs a name of 1 to {NameMaxLength} characters.");
        }

        return party.Address is { Length: > AddressMaxLength }
            ? new($"{field}.address", ShipmentErrors.PartyInvalid, $"An address has at most {AddressMaxLength} characters.")
            : null;
    }

    public static IEnumerable<RuleViolation> CheckCargoLine(CargoLine line)
    {
        if (line.Description is not { Length: > 0 and <= DescriptionMaxLength })
        {
            yield return new("description", ShipmentErrors.DescriptionInvalid, $"A cargo line is described in 1 to {DescriptionMaxLength} characters.");
        }

        if (line.HsCode is { } hs && !HsCode.IsValid(hs))
        {
            yield return new("hsCode", ShipmentErrors.HsCodeInvalid, "An HS code has 6 to 10 digits (8482 10 or 8482101000).");
        }

        if (line.Packages is < 1 or > MaxPackages)
        {
            yield return new("packages", ShipmentErrors.PackagesInvalid, "A cargo line has at least one package.");
        }

        if (line.PackageType is { Length: > PackageTypeMaxLength })
        {
            yield return new("packageType", ShipmentErrors.PackageTypeInvalid, $"A package type has at most {PackageTypeMaxLength} characters.");
        }

        if (line.GrossWeightKg is <= 0 or > MaxWeightKg)
        {
            yield return new("grossWeightKg", ShipmentErrors.WeightInvalid, "The gross weight is more than 0 kg.");
        }

        if (line.NetWeightKg is < 0 or > MaxWeightKg)
        {
            yield return new("netWeightKg", ShipmentErrors.WeightInvalid, "The net weight is not negative.");
        }
        else if (line.NetWeightKg > line.GrossWeightKg)
        {
            yield return new("netWeightKg", ShipmentErrors.NetExceedsGross,
                $"The net weight ({line.NetWeightKg} kg) cannot exceed the gross weight ({line.GrossWeightKg} kg).");
        }

        if (line.VolumeM3 is < 0 or > MaxVolumeM3)
        {
            yield return new("volumeM3", ShipmentErrors.VolumeInvalid, "The volume is not negative.");
        }

        if (line.DeclaredValue is { } value)
        {
            if (value.Amount is < 0 or > MaxAmount)
            {
                yield return new("declaredValue.amount", ShipmentErrors.AmountInvalid, "A declared value has an amount of 0 or more.");
            }

            if (!CurrencyCodes.All.Contains(value.Currency))
            {
                yield return new("declaredValue.currency", ShipmentErrors.CurrencyInvalid, "A currency is an ISO 4217 code (USD, EUR, CNY, RUB).");
            }
        }
    }

    public static IEnumerable<RuleViolation> CheckContainer(Container container)
    {
        if (ContainerNumber.Check(container.Number) is { } number)
        {
            yield return number;
        }

        if (ContainerTypeCode.Check(container.Type) is { } type)
        {
            yield return type;
        }

        if (container.Seals.Count > SealNumber.MaxSeals)
        {
            yield return new("seals", ShipmentErrors.SealInvalid, $"A container has at most {SealNumber.MaxSeals} seals.");
        }

        for (var i = 0; i < container.Seals.Count; i++)
        {
            if (!SealNumber.IsValid(container.Seals[i]))
            {
                yield return new($"seals[{i}]", ShipmentErrors.SealInvalid, "A seal number has 1 to 35 letters, digits or '-'.");
            }
        }
    }

    public static RuleViolation Duplicate(string containerNumber) =>
        new("number", ShipmentErrors.ContainerDuplicate, $"Container {containerNumber} is already in this shipment.");

    /// <summary>
    /// One leg: real UN/LOCODEs at both ends, two different places, a leg mode, vessel and voyage only by sea, a flight only by air,
    /// and an ETA no earlier than the ETD. <paramref name="modeMayBeInherited"/>: an empty mode is the shipment's (checked later).
    /// </summary>
    public static IEnumerable<RuleViolation> CheckLeg(RouteLeg leg, bool modeMayBeInherited)
    {
        var from = UnLocode.Check(leg.From, "from");
        var to = UnLocode.Check(leg.To, "to");
        if (from is not null)
        {
            yield return from;
        }

        if (to is not null)
        {
            yield return to;
        }

        if (from is null && to is null && leg.From == leg.To)
        {
            yield return new("to", ShipmentErrors.LegEndsEqual, "A leg ends somewhere else than it starts.");
        }

        var modeKnown = leg.Mode.Length > 0;
        if (modeKnown ? !TransportModes.ForLegs.Contains(leg.Mode) : !modeMayBeInherited)
        {
            yield return new("mode", ShipmentErrors.LegModeInvalid,
                $"A leg goes by {string.Join(", ", TransportModes.ForLegs.Order())}; a multimodal shipment names each leg's mode.");
        }

        if (leg.Carrier is { Length: > CarrierMaxLength })
        {
            yield return new("carrier", ShipmentErrors.TextInvalid, $"A carrier's name has at most {CarrierMaxLength} characters.");
        }

        if (leg.Vessel is { Length: > VesselMaxLength })
        {
            yield return new("vessel", ShipmentErrors.TextInvalid, $"A vessel's name has at most {VesselMaxLength} characters.");
        }

        if (leg.Voyage is { Length: > VoyageMaxLength })
        {
            yield return new("voyage", ShipmentErrors.TextInvalid, $"A voyage number has at most {VoyageMaxLength} characters.");
        }

        if (modeKnown && leg.Mode != TransportModes.Sea && (leg.Vessel is not null || leg.Voyage is not null))
        {
            yield return new(leg.Vessel is not null ? "vessel" : "voyage", ShipmentErrors.VesselNotSea, "A vessel and voyage belong to a sea leg.");
        }

        if (leg.FlightNumber is { } flight)
        {
            if (!TransportIds.IsFlightNumber(flight))
            {
                yield return new("flightNumber", ShipmentErrors.FlightNumberInvalid, "A flight number is an airline designator and 1 to 4 digits (SU1234).");
            }
            else if (modeKnown && leg.Mode != TransportModes.Air)
            {
                yield return new("flightNumber", ShipmentErrors.FlightNotAir, "A flight number belongs to an air leg.");
            }
        }

        if (leg.Etd is { } etd && leg.Eta is { } eta && eta < etd)
        {
            yield return new("eta", ShipmentErrors.EtaBeforeEtd, $"The ETA ({eta:u}) is before the ETD ({etd:u}).");
        }
    }

    /// <summary>Each leg starts where the one before it ended (reported at the later leg's <c>from</c>).</summary>
    public static IEnumerable<RuleViolation> CheckChain(IReadOnlyList<RouteLeg> legs)
    {
        for (var i = 1; i < legs.Count; i++)
        {
            if (legs[i].From != legs[i - 1].To)
            {
                yield return ChainBroken(i, legs[i].From, legs[i - 1].To).In("legs", i);
            }
        }
    }

    public static RuleViolation ChainBroken(int index, string from, string previousTo) =>
        new("from", ShipmentErrors.LegsNotChained, $"Leg {index + 1} starts at {from}, but leg {index} ends at {previousTo}; each leg starts where the one before it ended.");

    /// <summary>A leg that names no mode goes by the shipment's own mode, unless the shipment is multimodal.</summary>
    public static RouteLeg WithInheritedMode(RouteLeg leg, string shipmentMode) =>
        leg.Mode.Length == 0 && TransportModes.ForLegs.Contains(shipmentMode) ? leg with { Mode = shipmentMode } : leg;

    /// <summary>Trims free text; whitespace is no value.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
