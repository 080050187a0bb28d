using Microsoft.Extensions.Options;

namespace WellWon.Customs.ExchangeRates;

/// <summary>What one synchronisation did, for the job's run history.</summary>
public sealed record RatesSyncReport(int Days, int Inserted, int Unchanged, int Revised, IReadOnlyList<string> Failures);

/// <summary>
/// Keeps <c>customs.exchange_rates</c> filled from the central bank: today (always, to catch a correction) and the recent days never
/// fetched; and, on demand, the day a declaration is dated when nobody fetched it yet.
/// </summary>
public sealed class CentralBankRates(CentralBankClient client, ExchangeRateStore store, TimeProvider clock, IOptions<CustomsRatesOptions> options)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<RatesSyncReport> SyncAsync(CancellationToken ct)
    {
        var today = Today;
        var recent = Enumerable.Range(1, Math.Max(0, options.Value.RecentDays)).Select(i => today.AddDays(-i)).ToList();
        var days = new List<DateOnly> { today };
        days.AddRange(await store.MissingAsync(recent, ct));

        int inserted = 0, unchanged = 0, revised = 0;
        var failures = new List<string>();
        foreach (var day in days)
        {
            try
            {
                var stored = await store.StoreAsync(day, await client.DailyAsync(day, ct), ct);
                (inserted, unchanged, revised) = (inserted + stored.Inserted, unchanged + stored.Unchanged, revised + stored.Revised);
            }
            catch (Exception e) when (e is CbrPayloadException or CentralBankUnavailableException)
            {
                // One bad day does not stop the others; the next run retries it, since it is still missing.
                failures.Add($"{day:yyyy-MM-dd}: {e.Message}");
            }
        }

        return new RatesSyncReport(days.Count, inserted, unchanged, revised, failures);
    }

    /// <summary>
    /// The rates in force on <paramref name="day"/> (roubles per unit), fetched first when that day never was; null when the central
    /// bank cannot give them (a day after tomorrow, an outage, a malformed answer).
    /// </summary>
    public async Task<(DateOnly RatesDate, IReadOnlyDictionary<string, decimal> RubPerUnit)?> OnAsync(DateOnly day, CancellationToken ct)
    {
        if (await store.OnAsync(day, ct) is { } stored)
        {
            return stored;
        }

        // Tomorrow's rates are published in the afternoon; later days would be answered with the latest rates, not theirs.
        if (day > Today.AddDays(1))
        {
            return null;
        }

        try
        {
            await store.StoreAsync(day, await client.DailyAsync(day, ct), ct);
        }
        catch (Exception e) when (e is CbrPayloadException or CentralBankUnavailableException)
        {
            return null;
        }

        return await store.OnAsync(day, ct);
    }
}
