namespace WellWon.Finance.Payments;

/// <summary>
/// The bank gateway (<c>Finance:Bank</c>). Without <see cref="BaseUrl"/> no bank is configured and the payments endpoints answer
/// 503 saying so. <see cref="ApiKey"/> is a secret, sent as a bearer key. Each request is given <see cref="RequestTimeout"/>;
/// network errors, timeouts, 429 and 5xx are tried again up to <see cref="Attempts"/> times with a doubling pause from
/// <see cref="FirstRetryDelay"/> (every call carries its idempotency key, so a repeat never does anything twice).
/// </summary>
public sealed class BankOptions
{
    public const string Section = "Finance:Bank";

    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int Attempts { get; set; } = 3;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public bool Configured => !string.IsNullOrWhiteSpace(BaseUrl);

    /// <summary>The base URL with a trailing slash, so <c>v1/quotes</c> resolves under it.</summary>
    public Uri BaseUri() => new(BaseUrl!.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute);

    internal static IEnumerable<string> Problems(BankOptions o)
    {
        if (o.Configured && !Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _))
        {
            yield return $"Finance:Bank:BaseUrl '{o.BaseUrl}' is not an absolute URL.";
        }

        if (o.RequestTimeout <= TimeSpan.Zero || o.FirstRetryDelay < TimeSpan.Zero || o.Attempts < 1)
        {
            yield return "Finance:Bank: RequestTimeout must be positive, FirstRetryDelay not negative and Attempts at least 1.";
        }
    }
}

/// <summary>
/// Payment orders (<c>Finance:Payments</c>): the currency-control threshold and the time each step may take. A quote that expired
/// before it was accepted is asked for again once; a transfer the bank has not confirmed within <see cref="ConfirmationTimeout"/>
/// fails and is compensated; the roubles' hold expires after <see cref="HoldFor"/>, beyond every step's time.
/// </summary>
public sealed class PaymentOptions
{
    public const string Section = "Finance:Payments";

    /// <summary>
    /// A foreign-currency payment to a supplier worth this many roubles or more (at the official rate) needs the bank's unique
    /// contract number: Bank of Russia Instruction 181-И registers import contracts of RUB 3 million or more.
    /// </summary>
    public decimal ContractRegistrationThresholdRub { get; set; } = 3_000_000m;

    /// <summary>How long a step (quote, lock, debit, credit, send) may stay in flight before the confirmations job fails the order.</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan ConfirmationTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the data-sync job asks the bank about sent transfers and looks for overdue steps.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Quotes asked for one order: the first and one re-quote after it expired.</summary>
    public int QuoteAttempts { get; set; } = 2;

    public TimeSpan HoldFor => (StepTimeout * 5) + ConfirmationTimeout + TimeSpan.FromHours(1);

    internal static IEnumerable<string> Problems(PaymentOptions o)
    {
        if (o.ContractRegistrationThresholdRub <= 0)
        {
            yield return "Finance:Payments:ContractRegistrationThresholdRub must be more than 0.";
        }

        if (o.StepTimeout <= TimeSpan.Zero || o.ConfirmationTimeout <= TimeSpan.Zero || o.Interval <= TimeSpan.Zero)
        {
            yield return "Finance:Payments: StepTimeout, ConfirmationTimeout and Interval must be positive.";
        }

        if (o.QuoteAttempts < 1)
        {
            yield return "Finance:Payments:QuoteAttempts must be at least 1.";
        }
    }
}
