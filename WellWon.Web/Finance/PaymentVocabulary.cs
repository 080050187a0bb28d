using MudBlazor;
using WellWon.Web.Api;

namespace WellWon.Web.Finance;

/// <summary>Payment orders' purposes, statuses and saga steps as the screens name them.</summary>
public static class PaymentVocabulary
{
    public const string SupplierInvoice = "supplier-invoice";
    public const string PurchaseOrderPrepayment = "purchase-order-prepayment";
    public const string CustomsPayable = "customs-payable";

    public static readonly IReadOnlyList<string> Purposes = [SupplierInvoice, PurchaseOrderPrepayment, CustomsPayable];

    /// <summary>The saga's steps in the order they run; a rouble payment skips quote, rate-locked and credited.</summary>
    public static readonly IReadOnlyList<string> Steps = ["quote", "rate-locked", "debited", "credited", "transfer-sent", "confirmed"];

    public static readonly IReadOnlyList<string> Statuses = ["created", "quoted", "rate-locked", "debited", "sent", "completed", "failed", "cancelled"];

    public static string PurposeLabel(string kind) => kind switch
    {
        SupplierInvoice => "Supplier invoice",
        PurchaseOrderPrepayment => "Purchase order prepayment",
        CustomsPayable => "Customs payment",
        _ => kind,
    };

    /// <summary>What a payment is for: the server's label already names the kind ("Invoice 17 of …", "PO-… prepayment to …").</summary>
    public static string PurposeOf(PaymentPurposeView purpose) => string.IsNullOrWhiteSpace(purpose.Label) ? PurposeLabel(purpose.Kind) : purpose.Label;

    public static string StepLabel(string step) => step switch
    {
        "quote" => "Quote",
        "rate-locked" => "Rate locked",
        "debited" => "Debited",
        "credited" => "Currency credited",
        "transfer-sent" => "Transfer sent",
        "confirmed" => "Confirmed",
        _ => step,
    };

    public static string StatusLabel(string status) => status switch
    {
        "rate-locked" => "Rate locked",
        _ => status.Length == 0 ? status : char.ToUpperInvariant(status[0]) + status[1..],
    };

    public static Color ColorOf(string status) => status switch
    {
        "completed" or "done" => Color.Success,
        "failed" => Color.Error,
        "cancelled" or "compensated" => Color.Warning,
        "running" => Color.Info,
        "created" or "pending" or "skipped" => Color.Default,
        _ => Color.Primary,
    };

    public static string IconOf(string stepStatus) => stepStatus switch
    {
        "done" => Icons.Material.Filled.CheckCircle,
        "running" => Icons.Material.Filled.Autorenew,
        "failed" => Icons.Material.Filled.Error,
        "compensated" => Icons.Material.Filled.Undo,
        "skipped" => Icons.Material.Filled.RemoveCircleOutline,
        _ => Icons.Material.Filled.RadioButtonUnchecked,
    };

    /// <summary>No more steps will run: nothing left to refresh.</summary>
    public static bool IsFinal(string status) => status is "completed" or "failed" or "cancelled";

    /// <summary>An order may be cancelled until the debit (the server says too late otherwise).</summary>
    public static bool IsCancellable(string status) => status is "created" or "quoted" or "rate-locked";
}
