namespace WellWon.Companies;

/// <summary>Configuration <c>Companies</c>.</summary>
public sealed class CompaniesOptions
{
    public const string Section = "Companies";

    /// <summary>How long an invitation can be answered.</summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);
}
