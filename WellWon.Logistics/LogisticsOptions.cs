namespace WellWon.Logistics;

/// <summary>The Logistics context's settings, bound from <c>Logistics</c>.</summary>
public sealed class LogisticsOptions
{
    public const string Section = "Logistics";

    /// <summary>
    /// How long a reference number may stay reserved for a shipment being created before the next reservation in its company
    /// settles it against the event store. Far longer than any request; safety does not depend on it, only how soon a number
    /// that a crash left behind is handed out again.
    /// </summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Base64 of 32 random bytes that seals carriers' API keys (a secret, like Identity's master key). Optional: without it the
    /// registry works and built-in carriers are tracked, but no company can store credentials.
    /// </summary>
    public string? CredentialsKey { get; set; }
}
