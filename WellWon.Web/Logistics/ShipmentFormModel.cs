using System.Globalization;
using WellWon.Web.Api;

namespace WellWon.Web.Logistics;

/// <summary>
/// What the shipment form edits, with its errors by the Api's field paths (<c>legs[0].from</c>, <c>containers[0].number</c>,
/// <c>cargo[0].netWeightKg</c>): the browser's own checks once a field is touched (or after a first save), and the Api's problem
/// details until the field they name changes.
/// </summary>
public sealed class ShipmentFormModel
{
    private readonly Dictionary<string, string> _server = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _touched = new(StringComparer.OrdinalIgnoreCase);
    private bool _showAll;

    public string? Mode { get; set; } = "sea";

    public string? Incoterm { get; set; }

    public string? IncotermPlace { get; set; }

    public PartyRow Shipper { get; } = new();

    public PartyRow Consignee { get; } = new();

    public PartyRow NotifyParty { get; } = new();

    public string? BlNumber { get; set; }

    public List<LegRow> Legs { get; } = [];

    public List<ContainerRow> Containers { get; } = [];

    public List<CargoRow> Cargo { get; } = [];

    /// <summary>Items of the saved shipment the user took out; an edit removes them through the Api.</summary>
    public List<LegRow> RemovedLegs { get; } = [];

    public List<ContainerRow> RemovedContainers { get; } = [];

    public List<CargoRow> RemovedCargo { get; } = [];

    /// <summary>A problem without a field to show it at (403, 409, 422, a network failure).</summary>
    public string? GeneralError { get; set; }

    public static ShipmentFormModel New()
    {
        var model = new ShipmentFormModel();
        model.Legs.Add(new LegRow());
        model.Containers.Add(new ContainerRow());
        model.Cargo.Add(new CargoRow());
        return model;
    }

    public static ShipmentFormModel From(ShipmentDetails s)
    {
        var model = new ShipmentFormModel
        {
            Mode = s.Mode,
            Incoterm = s.Incoterm,
            IncotermPlace = s.IncotermPlace,
            BlNumber = s.BlNumber,
        };
        model.Shipper.Set(s.Shipper);
        model.Consignee.Set(s.Consignee);
        model.NotifyParty.Set(s.NotifyParty);
        model.Legs.AddRange(s.Legs.Select(LegRow.Of));
        model.Containers.AddRange(s.Containers.Select(ContainerRow.Of));
        model.Cargo.AddRange(s.Cargo.Select(CargoRow.Of));
        return model;
    }

    /// <summary>The field's message: the browser's check when it fails and the field was touched, otherwise the Api's.</summary>
    public string? ErrorFor(string path) =>
        (_showAll || _touched.Contains(path) ? ClientErrors().GetValueOrDefault(path) : null) ?? _server.GetValueOrDefault(path);

    public bool HasError(string path) => ErrorFor(path) is not null;

    /// <summary>The user changed <paramref name="path"/>: its own check shows from now on, and the Api's old word about it goes.</summary>
    public void Touch(string path)
    {
        _touched.Add(path);
        _server.Remove(path);
        GeneralError = null;
    }

    /// <summary>Shows every check (a save was attempted); true when the browser finds nothing wrong.</summary>
    public bool Validate()
    {
        _showAll = true;
        return ClientErrors().Count == 0;
    }

    /// <summary>The Api's problem: each field's message by its path (prefixed for an item's own endpoint), the rest in <see cref="GeneralError"/>.</summary>
    public void ShowProblem(ApiProblem problem, string prefix = "")
    {
        foreach (var (field, messages) in problem.Errors)
        {
            if (messages.Length > 0)
            {
                _server[prefix + field] = messages[0];
            }
        }

        GeneralError = problem.Errors.Count == 0 ? problem.Message : "Some fields need attention.";
    }

    public IReadOnlyDictionary<string, string> ServerErrors => _server;

    /// <summary>Every rule the browser checks, by the Api's field path.</summary>
    public Dictionary<string, string> ClientErrors()
    {
        var errors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Add(string path, string? message)
        {
            if (message is not null)
            {
                errors.TryAdd(path, message);
            }
        }

        Add("mode", string.IsNullOrEmpty(Mode) ? "Choose how the goods move." : null);
        Add("incoterm", ShipmentFieldRules.Incoterm(Incoterm, Mode));
        Add("incotermPlace", !string.IsNullOrWhiteSpace(IncotermPlace) && string.IsNullOrEmpty(Incoterm) ? "The named place belongs to an Incoterms rule." : null);
        Add("blNumber", ShipmentFieldRules.BlNumber(BlNumber));
        foreach (var (party, name) in new[] { (Shipper, "shipper"), (Consignee, "consignee"), (NotifyParty, "notifyParty") })
        {
            Add($"{name}.name", party.Address is { Length: > 0 } && string.IsNullOrWhiteSpace(party.Name) ? "A party outside WellWon needs a name." : null);
        }

        for (var i = 0; i < Legs.Count; i++)
        {
            var leg = Legs[i];
            var path = $"legs[{i}].";
            Add(path + "from", ShipmentFieldRules.Locode(leg.From));
            Add(path + "to", ShipmentFieldRules.Locode(leg.To));
            if (i > 0 && ShipmentFieldRules.Locode(leg.From) is null && ShipmentFieldRules.NormalizeLocode(leg.From) != ShipmentFieldRules.NormalizeLocode(Legs[i - 1].To))
            {
                Add(path + "from", $"Leg {i + 1} starts where leg {i} ends ({ShipmentFieldRules.NormalizeLocode(Legs[i - 1].To)}).");
            }

            if (ShipmentFieldRules.Locode(leg.From) is null && ShipmentFieldRules.NormalizeLocode(leg.From) == ShipmentFieldRules.NormalizeLocode(leg.To))
            {
                Add(path + "to", "A leg ends somewhere else than it starts.");
            }

            Add(path + "mode", Mode == "multimodal" && string.IsNullOrEmpty(leg.Mode) ? "A multimodal shipment names each leg's mode." : null);
            var legMode = string.IsNullOrEmpty(leg.Mode) ? Mode : leg.Mode;
            Add(path + "vessel", legMode != "sea" && !string.IsNullOrWhiteSpace(leg.Vessel) ? "A vessel belongs to a sea leg." : null);
            Add(path + "voyage", legMode != "sea" && !string.IsNullOrWhiteSpace(leg.Voyage) ? "A voyage belongs to a sea leg." : null);
            Add(path + "flightNumber", ShipmentFieldRules.FlightNumber(leg.FlightNumber)
                ?? (legMode != "air" && !string.IsNullOrWhiteSpace(leg.FlightNumber) ? "A flight number belongs to an air leg." : null));
            Add(path + "eta", ShipmentFieldRules.Eta(leg.Etd, leg.Eta));
        }

        for (var i = 0; i < Containers.Count; i++)
        {
            var path = $"containers[{i}].";
            Add(path + "number", ShipmentFieldRules.ContainerNumber(Containers[i].Number));
            var number = ShipmentFieldRules.NormalizeContainer(Containers[i].Number);
            if (number.Length > 0 && Containers.Take(i).Any(c => ShipmentFieldRules.NormalizeContainer(c.Number) == number))
            {
                Add(path + "number", $"Container {number} is already in this shipment.");
            }

            Add(path + "type", ShipmentFieldRules.ContainerType(Containers[i].Type));
        }

        for (var i = 0; i < Cargo.Count; i++)
        {
            var line = Cargo[i];
            var path = $"cargo[{i}].";
            Add(path + "description", string.IsNullOrWhiteSpace(line.Description) ? "Describe the goods." : null);
            Add(path + "hsCode", ShipmentFieldRules.HsCode(line.HsCode));
            Add(path + "packages", ShipmentFieldRules.Packages(line.Packages));
            Add(path + "grossWeightKg", ShipmentFieldRules.GrossWeight(line.GrossWeightKg));
            Add(path + "netWeightKg", ShipmentFieldRules.NetWeight(line.NetWeightKg, line.GrossWeightKg));
        }

        return errors;
    }

    public CreateShipmentBody ToCreateBody(Guid companyId) => new(
        companyId,
        Mode,
        Blank(Incoterm),
        Blank(IncotermPlace),
        Shipper.ToInput(),
        Consignee.ToInput(),
        NotifyParty.ToInput(),
        Blank(BlNumber),
        [.. Cargo.Select(c => c.ToInput(includeId: false))],
        [.. Containers.Select(c => c.ToInput())],
        [.. Legs.Select(l => l.ToInput(includeId: false))]);

    public ShipmentHeaderBody ToHeaderBody() =>
        new(Shipper.ToInput(), Consignee.ToInput(), NotifyParty.ToInput(), Blank(Incoterm), Blank(IncotermPlace), Blank(BlNumber));

    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public sealed class PartyRow
    {
        public Guid? CompanyId { get; set; }

        public string? Name { get; set; }

        public string? Address { get; set; }

        public void Set(PartyView? party) => (CompanyId, Name, Address) = (party?.CompanyId, party?.Name, party?.Address);

        public PartyInput? ToInput() =>
            CompanyId is { } id ? new PartyInput(id)
            : Blank(Name) is null && Blank(Address) is null ? null
            : new PartyInput(null, Blank(Name), Blank(Address));
    }

    public sealed class LegRow
    {
        public Guid Key { get; } = Guid.NewGuid();

        /// <summary>The leg's id at the Api once saved; null for a new row.</summary>
        public Guid? Id { get; set; }

        public LegInput? Saved { get; set; }

        public string? From { get; set; }

        public string? To { get; set; }

        public string? Mode { get; set; }

        public string? Carrier { get; set; }

        public string? Vessel { get; set; }

        public string? Voyage { get; set; }

        public string? FlightNumber { get; set; }

        public DateTimeOffset? Etd { get; set; }

        public DateTimeOffset? Eta { get; set; }

        /// <summary>The form's datetime-local inputs, read as UTC.</summary>
        public string? EtdText
        {
            get => ShipmentFormModel.ToInput(Etd);
            set => Etd = FromInput(value);
        }

        public string? EtaText
        {
            get => ShipmentFormModel.ToInput(Eta);
            set => Eta = FromInput(value);
        }

        public static LegRow Of(LegView l)
        {
            var row = new LegRow
            {
                Id = l.Id, From = l.From, To = l.To, Mode = l.Mode, Carrier = l.Carrier, Vessel = l.Vessel, Voyage = l.Voyage,
                FlightNumber = l.FlightNumber, Etd = l.Etd, Eta = l.Eta,
            };
            row.Saved = row.ToInput(includeId: false);
            return row;
        }

        public LegInput ToInput(bool includeId) => new(
            includeId ? Id : null,
            ShipmentFieldRules.NormalizeLocode(From),
            ShipmentFieldRules.NormalizeLocode(To),
            Blank(Mode),
            Blank(Carrier),
            Blank(Vessel),
            Blank(Voyage),
            Blank(FlightNumber),
            Etd,
            Eta);
    }

    public sealed class ContainerRow
    {
        public Guid Key { get; } = Guid.NewGuid();

        /// <summary>The number the Api knows the container by, once saved.</summary>
        public string? SavedNumber { get; set; }

        public ContainerInput? Saved { get; set; }

        public string? Number { get; set; }

        public string? Type { get; set; } = "45G1";

        public string? Seals { get; set; }

        public static ContainerRow Of(ContainerView c)
        {
            var row = new ContainerRow { SavedNumber = c.Number, Number = c.Number, Type = c.Type, Seals = string.Join(", ", c.Seals) };
            row.Saved = row.ToInput();
            return row;
        }

        public ContainerInput ToInput() => new(
            ShipmentFieldRules.NormalizeContainer(Number),
            (Type ?? string.Empty).Trim().ToUpperInvariant(),
            [.. (Seals ?? string.Empty).Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);

        public bool Changed => Saved is null || !Same(Saved, ToInput());

        private static bool Same(ContainerInput a, ContainerInput b) =>
            a.Number == b.Number && a.Type == b.Type && (a.Seals ?? []).SequenceEqual(b.Seals ?? []);
    }

    public sealed class CargoRow
    {
        public Guid Key { get; } = Guid.NewGuid();

        public Guid? Id { get; set; }

        public CargoLineInput? Saved { get; set; }

        public string? Description { get; set; }

        public string? HsCode { get; set; }

        public int? Packages { get; set; }

        public string? PackageType { get; set; }

        public decimal? GrossWeightKg { get; set; }

        public decimal? NetWeightKg { get; set; }

        public decimal? VolumeM3 { get; set; }

        public decimal? ValueAmount { get; set; }

        public string? ValueCurrency { get; set; }

        public static CargoRow Of(CargoLineView c)
        {
            var row = new CargoRow
            {
                Id = c.Id, Description = c.Description, HsCode = c.HsCode, Packages = c.Packages, PackageType = c.PackageType,
                GrossWeightKg = c.GrossWeightKg, NetWeightKg = c.NetWeightKg, VolumeM3 = c.VolumeM3,
                ValueAmount = c.DeclaredValue?.Amount, ValueCurrency = c.DeclaredValue?.Currency,
            };
            row.Saved = row.ToInput(includeId: false);
            return row;
        }

        public CargoLineInput ToInput(bool includeId) => new(
            includeId ? Id : null,
            Description?.Trim(),
            Blank(HsCode),
            Packages,
            Blank(PackageType),
            GrossWeightKg,
            NetWeightKg,
            VolumeM3,
            ValueAmount is null && Blank(ValueCurrency) is null ? null : new MoneyInput(ValueAmount, Blank(ValueCurrency)?.ToUpperInvariant()));
    }

    private static readonly string[] InputFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd"];

    /// <summary>A moment as a datetime-local (or date) input's value, in UTC: "2026-12-01T10:00".</summary>
    public static string? ToInput(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// A datetime-local (or date) input's value, read as UTC. The browser sends ISO 8601 whatever its locale, so it is parsed
    /// invariantly here rather than by the server's culture.
    /// </summary>
    public static DateTimeOffset? FromInput(string? value) =>
        DateTime.TryParseExact(value, InputFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))
            : null;

    /// <summary>"2026-12-01 10:00 UTC".</summary>
    public static string Utc(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "—";
}
