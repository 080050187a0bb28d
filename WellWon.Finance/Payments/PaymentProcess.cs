using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Payments.Bank;
using WellWon.Finance.Payments.Domain;
using WellWon.Finance.PurchaseOrders;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Finance.Payments;

/// <summary>
/// Moves a payment order one step from where it stands: quote → lock the rate → hold the roubles → credit the currency → send the
/// transfer → (the bank's confirmation) → post the hold. The saga calls it for every event of the order and the confirmations job
/// for overdue orders, so a step may run twice or concurrently: every bank call carries a key derived from the order, every entry
/// an id derived from it, and the order records a step once (a second recording finds the order past it and records nothing).
/// A failure before the debit is recorded as it is; after it, what was posted is compensated first.
/// </summary>
public sealed partial class PaymentProcess(
    IAggregateStore store,
    IBankGateway bank,
    PaymentLedger ledger,
    IOfficialRates officialRates,
    RequestContext context,
    IOptions<PaymentOptions> options,
    TimeProvider clock,
    ILogger<PaymentProcess> logger)
{
    private const int Attempts = 5;

    public Task<PaymentOrder?> LoadAsync(Guid orderId, CancellationToken ct) => store.TryLoadAsync<PaymentOrder>(orderId, ct);

    /// <summary>Runs the next step of the order, if any; answers whether the order changed.</summary>
    public async Task<bool> AdvanceAsync(Guid orderId, CancellationToken ct)
    {
        var raced = false;
        for (var attempt = 1; ; attempt++)
        {
            var order = await store.TryLoadAsync<PaymentOrder>(orderId, ct);
            if (order is not { State.Exists: true } || PaymentStatuses.IsFinal(order.State.Status))
            {
                if (raced && order?.State.Status is PaymentStatuses.Cancelled or PaymentStatuses.Failed)
                {
                    // Cancelled while this step held the roubles: release what the step posted, which the order never recorded.
                    await ledger.CompensateAsync(orderId, order.State, ct);
                }

                return false;
            }

            context.TenantId = order.State.CompanyId;
            try
            {
                await StepAsync(order, ct);
                return await store.SaveAsync(order, ct) is not null;
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
                // Someone recorded a step (or a cancellation) meanwhile: decide again on the order as it is now.
                raced = true;
            }
        }
    }

    /// <summary>Fails an order whose step is overdue, compensating what was posted (the confirmations job's way out).</summary>
    public async Task<bool> FailAsync(Guid orderId, string step, string reason, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var order = await store.TryLoadAsync<PaymentOrder>(orderId, ct);
            if (order is not { State.Exists: true } || PaymentStatuses.IsFinal(order.State.Status))
            {
                return false;
            }

            context.TenantId = order.State.CompanyId;
            try
            {
                await FailAfterCompensationAsync(order, step, reason, ct);
                return await store.SaveAsync(order, ct) is not null;
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
            }
        }
    }

    /// <summary>Records the bank's answer about a sent transfer: confirmed, rejected (compensated) or still pending (nothing).</summary>
    public async Task<bool> RecordTransferAsync(Guid orderId, BankTransfer transfer, CancellationToken ct)
    {
        var order = await store.TryLoadAsync<PaymentOrder>(orderId, ct);
        if (order is not { State.Status: PaymentStatuses.Sent })
        {
            return false;
        }

        context.TenantId = order.State.CompanyId;
        switch (transfer.Status)
        {
            case BankTransfer.Confirmed:
                order.Confirmed(transfer.Reference ?? transfer.TransferId, clock.GetUtcNow());
                break;
            case BankTransfer.Rejected:
                await FailAfterCompensationAsync(order, PaymentSteps.Confirmed, $"The bank rejected the transfer: {Sentence(transfer.Reason ?? "no reason given")}", ct);
                break;
            default:
                return false;
        }

        return await store.SaveAsync(order, ct) is not null;
    }

    private async Task StepAsync(PaymentOrder order, CancellationToken ct)
    {
        var s = order.State;
        var now = clock.GetUtcNow();
        switch (s.Status)
        {
            case PaymentStatuses.Created when !s.IsRouble:
                await QuoteAsync(order, attempt: 1, PaymentSteps.Quote, ct);
                break;
            case PaymentStatuses.Quoted:
                await LockAsync(order, ct);
                break;
            case PaymentStatuses.Created or PaymentStatuses.RateLocked:
                await DebitAsync(order, ct);
                break;
            case PaymentStatuses.Debited when !s.IsRouble && s.CreditedEntryId is null:
                order.Credited(await ledger.CreditAsync(order.Id, s, ct), now);
                break;
            case PaymentStatuses.Debited:
                await SendAsync(order, ct);
                break;
            case PaymentStatuses.Sent when s.BankReference is not null:
                await ledger.PostHoldAsync(order.Id, s, ct);
                order.Completed(clock.GetUtcNow());
                LogCompleted(s.Number, s.CompanyId);
                break;
        }
    }

    private async Task QuoteAsync(PaymentOrder order, int attempt, string step, CancellationToken ct)
    {
        var s = order.State;
        try
        {
            var quote = await bank.QuoteAsync(Currencies.Rub, s.Currency, s.Amount, $"{order.Id:N}:quote:{attempt}", ct);
            var official = quote.OfficialRate ?? await OfficialRateAsync(s.Currency, ct) ?? quote.Rate;
            order.Quoted(quote.QuoteId, attempt, quote.Rate, official, quote.ValidUntil, clock.GetUtcNow());
        }
        catch (BankRejectedException e)
        {
            order.Failed(step, $"The bank refused to quote: {e.Message}", clock.GetUtcNow());
        }
        catch (BankUnavailableException e)
        {
            order.Failed(step, Unavailable(e, "quote"), clock.GetUtcNow());
        }
    }

    private async Task LockAsync(PaymentOrder order, CancellationToken ct)
    {
        var quote = order.State.Quote!;
        try
        {
            if (quote.ValidUntil <= clock.GetUtcNow())
            {
                throw new BankRejectedException(BankRejectedException.QuoteExpired, $"Quote {quote.QuoteId} expired at {quote.ValidUntil:O}.");
            }

            var deal = await bank.AcceptQuoteAsync(quote.QuoteId, $"{order.Id:N}:accept:{quote.QuoteId}", ct);
            order.RateLocked(deal.DealId, clock.GetUtcNow());
        }
        catch (BankRejectedException e) when (e.Code == BankRejectedException.QuoteExpired && quote.Attempt < options.Value.QuoteAttempts)
        {
            await QuoteAsync(order, quote.Attempt + 1, PaymentSteps.RateLocked, ct);
        }
        catch (BankRejectedException e) when (e.Code == BankRejectedException.QuoteExpired)
        {
            order.Failed(PaymentSteps.RateLocked, $"The bank's quote expired before it was accepted, {quote.Attempt} time(s); no money moved. Enter the payment again.", clock.GetUtcNow());
        }
        catch (BankRejectedException e)
        {
            order.Failed(PaymentSteps.RateLocked, $"The bank refused the deal: {e.Message}", clock.GetUtcNow());
        }
        catch (BankUnavailableException e)
        {
            order.Failed(PaymentSteps.RateLocked, Unavailable(e, "deal"), clock.GetUtcNow());
        }
    }

    private async Task DebitAsync(PaymentOrder order, CancellationToken ct)
    {
        Guid hold;
        try
        {
            hold = await ledger.HoldAsync(order.Id, order.State, options.Value.HoldFor, ct);
        }
        catch (LedgerRuleException e)
        {
            order.Failed(PaymentSteps.Debited, $"The roubles could not be held: {e.Message}", clock.GetUtcNow());
            return;
        }

        order.Debited(hold, clock.GetUtcNow());
    }

    private async Task SendAsync(PaymentOrder order, CancellationToken ct)
    {
        var s = order.State;
        BankTransfer transfer;
        try
        {
            var b = s.Beneficiary;
            transfer = await bank.SubmitTransferAsync(new TransferRequest(
                order.Id.ToString("D"), new TransferBeneficiary(b.Name, b.Account, b.Swift, b.BankName, b.Country), s.Amount, s.Currency, s.PurposeText,
                s.ContractRegistrationNumber), ct);
        }
        catch (BankRejectedException e)
        {
            await FailAfterCompensationAsync(order, PaymentSteps.TransferSent, $"The bank refused the transfer: {e.Message}", ct);
            return;
        }

        if (transfer.Status == BankTransfer.Rejected)
        {
            await FailAfterCompensationAsync(order, PaymentSteps.TransferSent, $"The bank rejected the transfer: {Sentence(transfer.Reason ?? "no reason given")}", ct);
            return;
        }

        if (!s.IsRouble)
        {
            await ledger.PostTransferAsync(order.Id, s, ct);
        }

        order.Sent(transfer.TransferId, clock.GetUtcNow());
        if (transfer.Status == BankTransfer.Confirmed)
        {
            order.Confirmed(transfer.Reference ?? transfer.TransferId, clock.GetUtcNow());
        }
    }

    private async Task FailAfterCompensationAsync(PaymentOrder order, string step, string reason, CancellationToken ct)
    {
        var compensated = await ledger.CompensateAsync(order.Id, order.State, ct);
        order.Failed(step, order.State.HoldEntryId is null ? reason : $"{reason} Compensated: {compensated}.", clock.GetUtcNow());
        LogFailed(order.State.Number, order.State.CompanyId, step, reason);
    }

    // The books need the central bank's rate; without one (none stored, the central bank unreachable) the bank's rate stands in and the spread is nil.
    private async Task<decimal?> OfficialRateAsync(string currency, CancellationToken ct)
    {
        try
        {
            return (await officialRates.RubPerUnitAsync(currency, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct))?.RubPerUnit;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogNoOfficialRate(e, currency);
            return null;
        }
    }

    private static string Unavailable(BankUnavailableException e, string what) =>
        e.TimedOut ? $"The bank did not answer the {what} in time; no money moved. {e.Message}" : $"The bank could not be reached for the {what}; no money moved. {e.Message}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "No official {Currency} rate could be had; the bank's rate is booked as the official one")]
    private partial void LogNoOfficialRate(Exception e, string currency);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment order {Number} of company {CompanyId} completed")]
    private partial void LogCompleted(string number, Guid companyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment order {Number} of company {CompanyId} failed at {Step}: {Reason}")]
    private partial void LogFailed(string number, Guid companyId, string step, string reason);

    // A bank's reason may or may not end its sentence; the failure reads as one sentence either way.
    private static string Sentence(string text) => text.TrimEnd().TrimEnd('.') + ".";
}
