using MudBlazor;

namespace WellWon.Web.Finance;

/// <summary>Purchase orders' statuses, Incoterms and payment bases as the screens name them, and which moves a role may offer.</summary>
public static class PurchaseOrderVocabulary
{
    public const string Draft = "draft";
    public const string Approved = "approved";
    public const string Sent = "sent";
    public const string Confirmed = "confirmed";
    public const string PartlyShipped = "partly_shipped";
    public const string Received = "received";
    public const string Closed = "closed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> Statuses = [Draft, Approved, Sent, Confirmed, PartlyShipped, Received, Closed, Cancelled];

    public static readonly IReadOnlyList<string> Incoterms = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"];

    public static readonly IReadOnlyList<(string Value, string Label)> BalanceBases =
        [("against_documents", "after the shipping documents"), ("after_arrival", "after arrival")];

    public static readonly IReadOnlyList<string> Currencies = ["USD", "EUR", "CNY", "RUB", "GBP", "JPY", "AED", "TRY", "INR"];

    public static string Label(string status) => status switch
    {
        PartlyShipped => "Partly shipped",
        _ => status.Length == 0 ? status : char.ToUpperInvariant(status[0]) + status[1..],
    };

    public static Color ColorOf(string status) => status switch
    {
        Draft => Color.Default,
        Approved => Color.Info,
        Sent or Confirmed => Color.Primary,
        PartlyShipped => Color.Warning,
        Received or Closed => Color.Success,
        Cancelled => Color.Error,
        _ => Color.Default,
    };

    public static bool IsOpen(string status) => status is Draft or Approved or Sent or Confirmed or PartlyShipped;

    /// <summary>The moves the Api would take from <paramref name="role"/> on a PO in <paramref name="status"/>, in the order they are offered.</summary>
    public static IReadOnlyList<string> ActionsFor(string? role, string status)
    {
        var actions = new List<string>();
        if (!FinanceRoles.CanChange(role))
        {
            return actions;
        }

        if (status == Draft)
        {
            actions.Add("edit");
            if (FinanceRoles.CanApprove(role))
            {
                actions.Add("approve");
            }
        }

        if (status == Approved)
        {
            actions.Add("send");
        }

        if (status == Sent)
        {
            actions.Add("confirm");
        }

        if (status is Approved or Sent or Confirmed or PartlyShipped or Received)
        {
            actions.Add("link");
        }

        if (status == Received)
        {
            actions.Add("close");
        }

        if (IsOpen(status))
        {
            actions.Add("cancel");
        }

        return actions;
    }
}
