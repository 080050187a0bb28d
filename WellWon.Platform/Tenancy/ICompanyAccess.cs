namespace WellWon.Platform.Tenancy;

/// <summary>A participant's role in a company, weakest first, so "at least manager" is a comparison.</summary>
public enum CompanyRole
{
    Viewer = 0,
    Member = 1,
    Manager = 2,
    Admin = 3,
    Owner = 4,
}

/// <summary>
/// The one authorization question every tenant-scoped context asks: is the caller a participant of company X with at
/// least role R? Answered from the Companies context's participants read model. A caller who is not a participant
/// must be told "not found" (404), never that the company exists.
/// </summary>
public interface ICompanyAccess
{
    /// <summary>The user's role in the company, or null when the user is not a participant (or the company does not exist).</summary>
    ValueTask<CompanyRole?> RoleOfAsync(Guid userId, Guid companyId, CancellationToken ct);
}
