using System.Collections.Concurrent;
using WellWon.Finance.PurchaseOrders;

namespace WellWon.Finance.Tests.Http;

/// <summary>
/// The central bank as the Finance tests see it: USD 90.00, EUR 100.00 and CNY 12.50 every day, unless a test sets a day's rate or
/// takes it away; the Api's own rates would ask a bank that is out of reach here.
/// </summary>
public sealed class TestOfficialRates : IOfficialRates
{
    public static readonly IReadOnlyDictionary<string, decimal> Usual = new Dictionary<string, decimal>(StringComparer.Ordinal) { ["USD"] = 90m, ["EUR"] = 100m, ["CNY"] = 12.5m };

    private readonly ConcurrentDictionary<(string Currency, DateOnly Day), decimal?> _days = new();

    public void Set(string currency, DateOnly day, decimal? rubPerUnit) => _days[(currency, day)] = rubPerUnit;

    public Task<OfficialRate?> RubPerUnitAsync(string currency, DateOnly day, CancellationToken ct)
    {
        var rate = _days.TryGetValue((currency, day), out var set) ? set : Usual.GetValueOrDefault(currency) is var usual and > 0 ? usual : null;
        return Task.FromResult(rate is { } r ? new OfficialRate(day, r) : null);
    }
}
