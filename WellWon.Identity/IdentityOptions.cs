namespace WellWon.Identity;

/// <summary>Configuration <c>Identity</c> (besides <c>Identity:MasterKey</c>, see <see cref="Shredding.IdentityKeyOptions"/>).</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    public RateLimitOptions RateLimit { get; set; } = new();

    public TimeSpan VerificationTokenLifetime { get; set; } = TimeSpan.FromDays(2);

    public TimeSpan ResetTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Where the links in e-mails point (the Web UI).</summary>
    public string WebBaseUrl { get; set; } = "http://localhost:5000";

    public sealed class RateLimitOptions
    {
        /// <summary>Requests to /api/auth/* one client address may make per minute.</summary>
        public int PermitPerMinute { get; set; } = 30;
    }
}

/// <summary>Configuration <c>Admin</c>: the first ww_admin, created at start-up when no administrator exists.</summary>
public sealed class AdminSeedOptions
{
    public const string Section = "Admin";

    public string? Email { get; set; }

    public string? Password { get; set; }

    public string FirstName { get; set; } = "WellWon";

    public string LastName { get; set; } = "Administrator";
}
