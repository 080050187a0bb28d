using System.Collections.Immutable;
using System.Text.RegularExpressions;
using WellWon.Logistics.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.Domain;

public sealed record CarrierState : AggregateState<CarrierState>
{
    public bool Exists { get; init; }

    public Guid CompanyId { get; init; }

    public string Code { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public ImmutableList<string> Modes { get; init; } = [];

    public CarrierTracking Tracking { get; init; } = new(false, null, CarrierRules.DefaultRequestsPerMinute);

    public bool HasCredentials { get; init; }

    public bool Retired { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public CarrierState()
    {
        On<CarrierRegistered>((s, e) => s with
        {
            Exists = true,
            CompanyId = e.CompanyId,
            Code = e.Code,
            Name = e.Name,
            Modes = [.. e.Modes],
            Tracking = e.Tracking,
            CreatedAt = e.At,
            UpdatedAt = e.At,
        });
        On<CarrierUpdated>((s, e) => s with { Name = e.Name, Modes = [.. e.Modes], Tracking = e.Tracking, UpdatedAt = e.At });
        On<CarrierCredentialsSet>((s, e) => s with { HasCredentials = true, UpdatedAt = e.At });
        On<CarrierRetired>((s, e) => s with { Retired = true, UpdatedAt = e.At });
    }
}

/// <summary>
/// A carrier in one company's registry: its name, its code (a SCAC of 4 letters for a sea carrier, a 2-character IATA code for an
/// airline, otherwise 2 to 10 upper-case letters and digits), the modes it carries and how WellWon follows its tracking feed.
/// The code never changes, since milestones name the carrier by it; a retired carrier takes no more changes.
/// </summary>
[StreamCategory("logistics-carrier")]
public sealed class Carrier : Aggregate<CarrierState>
{
    public bool Exists => State.Exists;

    public static Carrier Register(Guid id, Guid companyId, string code, string name, IReadOnlyList<string> modes, CarrierTracking tracking, Guid by, DateTimeOffset now)
    {
        Throw(CarrierRules.Check(code, name, modes, tracking));
        var carrier = new Carrier { Id = id };
        carrier.Apply(new CarrierRegistered(id, companyId, code, name, modes, tracking, by, now));
        return carrier;
    }

    public void Update(string name, IReadOnlyList<string> modes, CarrierTracking tracking, Guid by, DateTimeOffset now)
    {
        EnsureActive();
        Throw(CarrierRules.Check(State.Code, name, modes, tracking));
        if (name != State.Name || !modes.SequenceEqual(State.Modes) || tracking != State.Tracking)
        {
            Apply(new CarrierUpdated(Id, State.CompanyId, name, modes, tracking, by, now));
        }
    }

    public void CredentialsSet(Guid by, DateTimeOffset now)
    {
        EnsureActive();
        Apply(new CarrierCredentialsSet(Id, State.CompanyId, by, now));
    }

    public void Retire(Guid by, DateTimeOffset now)
    {
        if (!State.Retired)
        {
            Apply(new CarrierRetired(Id, State.CompanyId, by, now));
        }
    }

    private void EnsureActive()
    {
        if (State.Retired)
        {
            throw new DomainException(CarrierErrors.Retired, $"Carrier {State.Code} is retired; it takes no more changes.");
        }
    }

    private static void Throw(IEnumerable<RuleViolation> violations)
    {
        if (violations.FirstOrDefault() is { } broken)
        {
            throw new ShipmentRuleException(broken);
        }
    }
}

/// <summary>The shapes a carrier's fields take; the same checks answer the API's 400 (every field) and guard the aggregate.</summary>
public static partial class CarrierRules
{
    public const int NameMaxLength = 200;
    public const int DefaultRequestsPerMinute = 60;
    public const int MaxRequestsPerMinute = 60_000;

    public static string NormalizeCode(string? code) => (code ?? string.Empty).Trim().ToUpperInvariant();

    public static IReadOnlyList<string> NormalizeModes(IEnumerable<string>? modes) =>
        [.. (modes ?? []).Select(m => (m ?? string.Empty).Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public static IEnumerable<RuleViolation> Check(string code, string? name, IReadOnlyList<string> modes, CarrierTracking tracking)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > NameMaxLength)
        {
            yield return new("name", CarrierErrors.NameInvalid, $"A carrier's name has 1 to {NameMaxLength} characters.");
        }

        if (modes.Count == 0 || modes.Any(m => !TransportModes.ForLegs.Contains(m)))
        {
            yield return new("modes", CarrierErrors.ModesInvalid, $"A carrier carries one or more of {string.Join(", ", TransportModes.ForLegs.Order())}.");
        }

        if (CheckCode(code, modes) is { } badCode)
        {
            yield return badCode;
        }

        if (tracking.RequestsPerMinute is < 1 or > MaxRequestsPerMinute)
        {
            yield return new("tracking.requestsPerMinute", CarrierErrors.RateInvalid, $"A carrier takes 1 to {MaxRequestsPerMinute} requests a minute.");
        }

        if (tracking.BaseUrl is { } url ? !IsHttpUrl(url) : tracking.Enabled)
        {
            yield return new("tracking.baseUrl", CarrierErrors.BaseUrlInvalid, "Tracking needs the feed's absolute http or https URL.");
        }
    }

    public static RuleViolation? CheckCode(string code, IReadOnlyList<string> modes)
    {
        var sea = modes.Contains(TransportModes.Sea);
        var air = modes.Contains(TransportModes.Air);
        return sea && !air && !Scac().IsMatch(code) ? new("code", CarrierErrors.CodeInvalid, "A sea carrier's code is its SCAC: 4 letters (MAEU).")
            : air && !sea && !Iata().IsMatch(code) ? new("code", CarrierErrors.CodeInvalid, "An airline's code is its IATA code: 2 letters or digits (SU).")
            : !Generic().IsMatch(code) ? new("code", CarrierErrors.CodeInvalid, "A carrier's code has 2 to 10 upper-case letters and digits.")
            : null;
    }

    public static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host);

    [GeneratedRegex("^[A-Z]{4}$")]
    private static partial Regex Scac();

    [GeneratedRegex("^[A-Z0-9]{2}$")]
    private static partial Regex Iata();

    [GeneratedRegex("^[A-Z0-9]{2,10}$")]
    private static partial Regex Generic();
}

/// <summary>The stable codes of the carrier registry's rules.</summary>
public static class CarrierErrors
{
    public const string NotFound = "logistics.carrier-not-found";
    public const string NameInvalid = "logistics.carrier-name-invalid";
    public const string CodeInvalid = "logistics.carrier-code-invalid";
    public const string CodeTaken = "logistics.carrier-code-taken";
    public const string ModesInvalid = "logistics.carrier-modes-invalid";
    public const string RateInvalid = "logistics.carrier-rate-invalid";
    public const string BaseUrlInvalid = "logistics.carrier-base-url-invalid";
    public const string ApiKeyInvalid = "logistics.carrier-api-key-invalid";
    public const string Retired = "logistics.carrier-retired";
    public const string BuiltIn = "logistics.carrier-built-in";
    public const string CredentialsUnavailable = "logistics.carrier-credentials-unavailable";

    /// <summary>The one answer for a carrier that does not exist and for one of a company the caller is not in.</summary>
    public static NotFoundException CarrierNotFound(Guid carrierId) => new(NotFound, $"Carrier {carrierId} does not exist.");
}
