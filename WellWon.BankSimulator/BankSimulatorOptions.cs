namespace WellWon.BankSimulator;

/// <summary>
/// The simulated bank's settings (section <c>Bank</c>): its key, the official rates it starts from (roubles per unit), the spread it
/// adds to them for its own rate, how long a quote holds, and how long a transfer waits before the bank confirms it. A transfer to
/// an account ending in <see cref="RejectedAccountSuffix"/> is rejected, so a person can try a failed payment.
/// </summary>
public sealed class BankSimulatorOptions
{
    public const string Section = "Bank";

    public const string RejectedAccountSuffix = "0000";

    /// <summary>The bearer key every <c>/v1</c> request must present.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The bank's margin over the official rate, as a fraction (0.015 = 1.5 %).</summary>
    public decimal Spread { get; set; } = 0.015m;

    public TimeSpan QuoteValidity { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan ConfirmAfter { get; set; } = TimeSpan.FromSeconds(5);

    public Dictionary<string, decimal> BaseRates { get; set; } = new(StringComparer.Ordinal);

    internal static IEnumerable<string> Problems(BankSimulatorOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.ApiKey))
        {
            yield return "Bank:ApiKey is required: clients present it as a bearer key.";
        }

        if (o.Spread is < 0 or >= 1)
        {
            yield return "Bank:Spread is a fraction from 0 to below 1.";
        }

        if (o.QuoteValidity <= TimeSpan.Zero || o.ConfirmAfter < TimeSpan.Zero)
        {
            yield return "Bank:QuoteValidity must be positive and Bank:ConfirmAfter not negative.";
        }

        if (o.BaseRates.Count == 0 || o.BaseRates.Values.Any(r => r <= 0))
        {
            yield return "Bank:BaseRates needs at least one currency with a rate above 0 (roubles per unit).";
        }
    }
}
