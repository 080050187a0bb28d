using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WellWon.Platform.Messaging;

namespace WellWon.Chat.Telegram;

/// <summary>
/// Works off <c>chat.telegram_outbox</c> in the data-sync role: claims each Telegram chat's oldest due item, calls sendMessage,
/// editMessageText or deleteMessage, and records the outcome.
/// <list type="bullet">
/// <item>Network failure, timeout, 5xx, or the bot itself unusable (401/404/409): still pending, retried with exponential back-off
/// (<see cref="TelegramOptions.RetryBaseDelay"/> doubled per attempt up to <see cref="TelegramOptions.RetryMaxDelay"/>); never given up, so nothing is lost while Telegram or the network is away.</item>
/// <item>429: still pending, retried no sooner than Telegram's <c>parameters.retry_after</c>.</item>
/// <item>Any other 4xx: failed, with Telegram's reason (the bot was removed from the group, the message is too old to delete, …).</item>
/// </list>
/// Delivery is at least once. The claim is made, Telegram is called, then the result is recorded, each in a statement of its own;
/// a process that dies after Telegram accepted a message and before its "sent" is recorded leaves the claim to expire
/// (<see cref="TelegramOptions.OutboxClaimLease"/>) and the item is sent again: one duplicate at most per such crash (or per
/// sender stalled past its lease). Telegram offers no idempotency key for sendMessage, so that window cannot be closed from here.
/// </summary>
public sealed partial class TelegramOutboxSender(
    TelegramOutbox outbox,
    TelegramBotApi api,
    IChatAuthorNames names,
    IOptions<TelegramOptions> options,
    ILogger<TelegramOutboxSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        LogStarted(settings.BaseUrl.GetLeftPart(UriPartial.Authority));
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var items = await outbox.ClaimAsync(settings.OutboxBatchSize, settings.OutboxClaimLease, stoppingToken);
                failures = 0;
                if (items.Count == 0)
                {
                    await Task.Delay(settings.OutboxPollInterval, stoppingToken);
                    continue;
                }

                await Task.WhenAll(items.Select(item => ProcessAsync(item, settings, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is away: what was claimed stays claimed until its lease ends, then is taken again.
                failures++;
                LogOutboxUnavailable(e, failures);
                try
                {
                    await Task.Delay(RetryBackoff.Delay(failures, settings.RetryBaseDelay, settings.RetryMaxDelay), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One attempt at one item; what happened is recorded on the item, so only the database failing escapes.</summary>
    internal async Task ProcessAsync(TelegramOutboxItem item, TelegramOptions settings, CancellationToken ct)
    {
        if (!item.Linked)
        {
            await outbox.MarkCancelledAsync(item, "The conversation is no longer linked to this Telegram chat.", ct);
            return;
        }

        if (item.Kind != "send" && item.SentMessageId is null)
        {
            await outbox.MarkCancelledAsync(item, "The message never reached Telegram, so there is nothing to change there.", ct);
            return;
        }

        TelegramCallOutcome outcome;
        string reason;
        TimeSpan? retryAfter;
        long? telegramMessageId = null;
        switch (item.Kind)
        {
            case "send":
            {
                var call = await api.SendMessageAsync(item.TelegramChatId, await ComposeAsync(item, ct), ct);
                (outcome, reason, retryAfter, telegramMessageId) = (call.Outcome, call.Reason, call.RetryAfter, call.Result?.MessageId);
                break;
            }

            case "edit":
            {
                var call = await api.EditMessageTextAsync(item.TelegramChatId, item.SentMessageId!.Value, await ComposeAsync(item, ct), ct);
                // The text there is already this one (an edit sent again after a crash): nothing left to do.
                (outcome, reason, retryAfter) = (Settled(call, "message is not modified"), call.Reason, call.RetryAfter);
                break;
            }

            default:
            {
                var call = await api.DeleteMessageAsync(item.TelegramChatId, item.SentMessageId!.Value, ct);
                (outcome, reason, retryAfter) = (Settled(call, "message to delete not found"), call.Reason, call.RetryAfter);
                break;
            }
        }

        switch (outcome)
        {
            case TelegramCallOutcome.Ok:
                await outbox.MarkSentAsync(item, telegramMessageId, ct);
                break;
            case TelegramCallOutcome.RateLimited:
                LogRateLimited(item.Id, item.TelegramChatId, retryAfter!.Value.TotalSeconds);
                await outbox.RetryLaterAsync(item, retryAfter.Value, reason, ct);
                break;
            case TelegramCallOutcome.Unavailable:
                var delay = RetryBackoff.Delay(item.Attempts + 1, settings.RetryBaseDelay, settings.RetryMaxDelay);
                LogWillRetry(item.Id, item.Kind, item.TelegramChatId, item.Attempts + 1, delay.TotalSeconds, reason);
                await outbox.RetryLaterAsync(item, delay, reason, ct);
                break;
            default:
                LogRejected(item.Id, item.Kind, item.TelegramChatId, reason);
                await outbox.MarkFailedAsync(item, reason, ct);
                break;
        }
    }

    private static TelegramCallOutcome Settled<T>(TelegramCall<T> call, string alreadyDone) =>
        call.Outcome == TelegramCallOutcome.Rejected && call.Description?.Contains(alreadyDone, StringComparison.OrdinalIgnoreCase) == true
            ? TelegramCallOutcome.Ok
            : call.Outcome;

    private async Task<string> ComposeAsync(TelegramOutboxItem item, CancellationToken ct) =>
        TelegramText.WithAuthor(item.AuthorId is { } author ? await names.NameOfAsync(author, ct) : null, item.Text ?? string.Empty);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram outbox sender started against {BaseUrl}")]
    private partial void LogStarted(string baseUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram outbox could not be read or updated (failure {Failures} in a row); retrying")]
    private partial void LogOutboxUnavailable(Exception e, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram rate-limited outbox item {ItemId} in chat {TelegramChatId}; retrying after {RetryAfterSeconds} s")]
    private partial void LogRateLimited(long itemId, long telegramChatId, double retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram outbox item {ItemId} ({Kind} to chat {TelegramChatId}) failed attempt {Attempt}: {Reason}; retrying in {DelaySeconds:0.0} s")]
    private partial void LogWillRetry(long itemId, string kind, long telegramChatId, int attempt, double delaySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram refused outbox item {ItemId} ({Kind} to chat {TelegramChatId}) for good: {Reason}")]
    private partial void LogRejected(long itemId, string kind, long telegramChatId, string reason);
}
