using Microsoft.Extensions.Options;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.Sagas;

namespace WellWon.Logistics.Carriers;

/// <summary>A carrier whose feed WellWon reads for a company: where, with which key, how fast.</summary>
public sealed record TrackedCarrier(Guid Id, string Code, Uri BaseUrl, string? ApiKey, int RequestsPerMinute, bool BuiltIn);

/// <summary>
/// The carriers a company may use: its own registry and the built-in carriers of configuration
/// (<c>Logistics:Tracking:Carriers:{CODE}</c>), where the company's own active carrier with a code wins over the built-in one.
/// </summary>
public sealed class CarrierDirectory(CarrierReader reader, CarrierCredentials credentials, IOptions<TrackingOptions> options)
{
    private static readonly Guid BuiltInNamespace = Guid.Parse("6b1f3c2e-5d4a-4e8b-9c71-0a2d3e4f5b6c");

    private readonly Lazy<IReadOnlyDictionary<string, (CarrierView View, BuiltInCarrierOptions Options)>> _builtIns = new(() =>
        options.Value.Carriers.ToDictionary(
            c => CarrierRules.NormalizeCode(c.Key),
            c => (BuiltInView(CarrierRules.NormalizeCode(c.Key), c.Value), c.Value),
            StringComparer.Ordinal));

    /// <summary>The id a built-in carrier answers to: the same for a code on every instance.</summary>
    public static Guid BuiltInId(string code) => DeterministicGuid.Create(BuiltInNamespace, CarrierRules.NormalizeCode(code));

    public IEnumerable<CarrierView> BuiltIns => _builtIns.Value.Values.Select(b => b.View).OrderBy(v => v.Code, StringComparer.Ordinal);

    public CarrierView? BuiltIn(Guid id) => BuiltIns.FirstOrDefault(b => b.Id == id);

    /// <summary>The company's carriers, then the built-in ones whose code no active carrier of the company has.</summary>
    public async Task<IReadOnlyList<CarrierView>> ListAsync(Guid companyId, CancellationToken ct)
    {
        var own = await reader.ListAsync(companyId, ct);
        var taken = own.Where(c => !c.Retired).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        return [.. own, .. BuiltIns.Where(b => !taken.Contains(b.Code))];
    }

    /// <summary>The carrier named <paramref name="code"/> for the company when its tracking can be read (enabled, with a feed URL); else null.</summary>
    public async Task<TrackedCarrier?> ResolveAsync(Guid companyId, string code, CancellationToken ct)
    {
        var normalized = CarrierRules.NormalizeCode(code);
        var own = (await reader.ListAsync(companyId, ct)).FirstOrDefault(c => !c.Retired && c.Code == normalized);
        if (own is not null)
        {
            return own.Tracking is { Enabled: true, BaseUrl: { } url }
                ? new TrackedCarrier(own.Id, own.Code, new Uri(url), own.HasCredentials ? await credentials.GetAsync(own.Id, ct) : null, own.Tracking.RequestsPerMinute, BuiltIn: false)
                : null;
        }

        return _builtIns.Value.TryGetValue(normalized, out var builtIn) && builtIn.View.Tracking.BaseUrl is { } baseUrl
            ? new TrackedCarrier(builtIn.View.Id, normalized, new Uri(baseUrl), builtIn.Options.ApiKey, builtIn.Options.RequestsPerMinute, BuiltIn: true)
            : null;
    }

    private static CarrierView BuiltInView(string code, BuiltInCarrierOptions o)
    {
        var modes = string.IsNullOrWhiteSpace(o.Modes)
            ? [.. TransportModes.ForLegs.Order(StringComparer.Ordinal)]
            : CarrierRules.NormalizeModes(o.Modes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return new CarrierView(BuiltInId(code), null, code, string.IsNullOrWhiteSpace(o.Name) ? code : o.Name.Trim(), modes,
            new CarrierTracking(o.BaseUrl is not null, o.BaseUrl, o.RequestsPerMinute), !string.IsNullOrEmpty(o.ApiKey), Retired: false, BuiltIn: true, 0, null, null);
    }
}
