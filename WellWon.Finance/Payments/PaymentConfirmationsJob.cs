using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WellWon.Finance.Payments.Bank;
using WellWon.Finance.Payments.Domain;
using WellWon.Finance.Payments.ReadModel;
using WellWon.Platform.Scheduling;

namespace WellWon.Finance.Payments;

/// <summary>
/// The payment orders' timeouts and the bank's confirmations (data-sync role). For each sent order it asks the bank about the
/// transfer: confirmed is recorded (the saga then posts the hold and completes the order), rejected or unconfirmed past
/// <see cref="PaymentOptions.ConfirmationTimeout"/> fails the order after compensation. An order stuck in an earlier step past
/// <see cref="PaymentOptions.StepTimeout"/> (its worker died, or its step kept failing) gets its step once more, and fails visibly,
/// compensated, if that does not move it.
/// </summary>
public sealed class PaymentConfirmationsJob(PaymentOrderReader reader, TimeProvider clock, IOptions<PaymentOptions> options, IOptions<BankOptions> bank) : IScheduledJob
{
    private const int Batch = 100;

    public string Name => "finance.payment-confirmations";

    public TimeSpan Interval => options.Value.Interval;

    public async Task RunAsync(JobContext context, CancellationToken ct)
    {
        if (!bank.Value.Configured)
        {
            context.Skip("no bank is configured (Finance:Bank:BaseUrl)");
            return;
        }

        var now = clock.GetUtcNow();
        var settings = options.Value;
        var due = await reader.InFlightAsync(now - settings.StepTimeout, Batch, ct);
        if (due.Count == 0)
        {
            context.Skip("no payment order is waiting for the bank or overdue");
            return;
        }

        var process = context.Services.GetRequiredService<PaymentProcess>();
        var gateway = context.Services.GetRequiredService<IBankGateway>();
        var (confirmed, failed, resumed) = (0, 0, 0);
        foreach (var (id, status, updatedAt) in due)
        {
            if (status == PaymentStatuses.Sent)
            {
                var outcome = await CheckSentAsync(process, gateway, id, updatedAt, now, settings, ct);
                confirmed += outcome == BankTransfer.Confirmed ? 1 : 0;
                failed += outcome == BankTransfer.Rejected ? 1 : 0;
            }
            else if (await ResumeAsync(process, id, ct) is null)
            {
                resumed++;
            }
            else if (await process.FailAsync(id, await CurrentStepAsync(id, ct), $"The step did not finish within {settings.StepTimeout}.", ct))
            {
                failed++;
            }
        }

        context.Summary["orders"] = due.Count;
        context.Summary["confirmed"] = confirmed;
        context.Summary["failed"] = failed;
        context.Summary["resumed"] = resumed;
    }

    private static async Task<string?> CheckSentAsync(
        PaymentProcess process, IBankGateway gateway, Guid id, DateTimeOffset sentAt, DateTimeOffset now, PaymentOptions settings, CancellationToken ct)
    {
        var order = await process.LoadAsync(id, ct);
        if (order?.State is not { Status: PaymentStatuses.Sent, TransferId: { } transferId } s)
        {
            return null;
        }

        if (s.BankReference is not null)
        {
            // Confirmed, but the saga has not completed it yet (or died doing so): take its last step here.
            await process.AdvanceAsync(id, ct);
            return null;
        }

        BankTransfer? transfer = null;
        try
        {
            transfer = await gateway.GetTransferAsync(transferId, ct);
        }
        catch (BankUnavailableException)
        {
            // Asked again next run; only the confirmation timeout ends the wait.
        }

        if (transfer is { Status: BankTransfer.Confirmed or BankTransfer.Rejected } && await process.RecordTransferAsync(id, transfer, ct))
        {
            return transfer.Status;
        }

        if (sentAt + settings.ConfirmationTimeout <= now
            && await process.FailAsync(id, PaymentSteps.Confirmed, $"The bank did not confirm transfer {transferId} within {settings.ConfirmationTimeout}.", ct))
        {
            return BankTransfer.Rejected;
        }

        return null;
    }

    // Null when the step moved the order; otherwise why it did not.
    private static async Task<string?> ResumeAsync(PaymentProcess process, Guid id, CancellationToken ct)
    {
        try
        {
            return await process.AdvanceAsync(id, ct) ? null : "nothing to do";
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return e.Message;
        }
    }

    private async Task<string> CurrentStepAsync(Guid id, CancellationToken ct) =>
        (await reader.GetAsync(id, ct))?.View.Steps.FirstOrDefault(p => p.Status is StepStatuses.Running or StepStatuses.Pending)?.Step ?? PaymentSteps.Confirmed;
}
