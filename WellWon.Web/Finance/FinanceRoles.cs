namespace WellWon.Web.Finance;

/// <summary>What a participant's company role lets them do in finance, as the Api decides it (the screens only hide what would be refused).</summary>
public static class FinanceRoles
{
    /// <summary>Opens the ledger, posts, reverses and converts; sets the approval limit; approves any amount.</summary>
    public static bool IsAdmin(string? role) => role is "owner" or "admin";

    /// <summary>Approves up to the company's limit.</summary>
    public static bool CanApprove(string? role) => role is "owner" or "admin" or "manager";

    /// <summary>Drafts, sends, confirms, links, cancels and closes purchase orders.</summary>
    public static bool CanChange(string? role) => role is "owner" or "admin" or "manager" or "member";
}
