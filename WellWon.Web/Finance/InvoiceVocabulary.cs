using MudBlazor;

namespace WellWon.Web.Finance;

/// <summary>Supplier invoices' statuses and match reasons as the screens name them, and which moves a role may offer.</summary>
public static class InvoiceVocabulary
{
    public const string Received = "received";
    public const string Matched = "matched";
    public const string OnHold = "on_hold";
    public const string Approved = "approved";
    public const string Paid = "paid";
    public const string Rejected = "rejected";
    public const string Cancelled = "cancelled";

    /// <summary>The statuses the inbox filters by, in the order a payable moves through them.</summary>
    public static readonly IReadOnlyList<string> Statuses = [Matched, OnHold, Approved, Paid, Rejected, Cancelled];

    public static string Label(string status) => status switch
    {
        OnHold => "On hold",
        _ => status.Length == 0 ? status : char.ToUpperInvariant(status[0]) + status[1..],
    };

    public static Color ColorOf(string status) => status switch
    {
        Matched => Color.Info,
        OnHold => Color.Warning,
        Approved => Color.Primary,
        Paid => Color.Success,
        Rejected or Cancelled => Color.Error,
        _ => Color.Default,
    };

    public static string ReasonLabel(string reason) => reason switch
    {
        "line-not-on-po" => "Not on the purchase order",
        "already-fully-invoiced" => "Already fully invoiced",
        "over-invoiced-vs-received" => "More than received",
        "price-above-po" => "Price above the order",
        _ => reason,
    };

    /// <summary>
    /// The moves the Api would take from <paramref name="role"/> on an invoice in <paramref name="status"/> that payments have paid
    /// <paramref name="paid"/> of and leave <paramref name="open"/>.
    /// </summary>
    public static IReadOnlyList<string> ActionsFor(string? role, string status, decimal paid, decimal open)
    {
        var actions = new List<string>();
        if (status == OnHold && FinanceRoles.CanApprove(role))
        {
            actions.Add("approve");
        }

        if (status is OnHold or Matched or Received && FinanceRoles.CanApprove(role))
        {
            actions.Add("reject");
        }

        // Paying is an admin's: payment orders are written by admins and owners only.
        if (status == Approved && open > 0 && FinanceRoles.IsAdmin(role))
        {
            actions.Add("pay");
        }

        // Money that went out is not taken back by cancelling: only an unpaid invoice is cancelled.
        if (status == Approved && open > 0 && paid == 0 && FinanceRoles.IsAdmin(role))
        {
            actions.Add("cancel");
        }

        return actions;
    }
}
