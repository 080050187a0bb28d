using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using WellWon.Platform.Messaging;
using WellWon.Platform.Relay;

namespace WellWon.Chat.Telegram;

/// <summary>The poller's place in the bot's update stream, in <c>chat.telegram_poll_offsets</c>; it only moves forward.</summary>
public sealed class TelegramPollOffsets(NpgsqlDataSource db)
{
    public async Task<long> LoadAsync(long botId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT next_offset FROM chat.telegram_poll_offsets WHERE bot_id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = botId });
        return await select.ExecuteScalarAsync(ct) is long offset ? offset : 0;
    }

    public async Task SaveAsync(long botId, long nextOffset, CancellationToken ct)
    {
        await using var upsert = db.CreateCommand("""
            INSERT INTO chat.telegram_poll_offsets AS t (bot_id, next_offset, updated_at) VALUES ($1, $2, now())
            ON CONFLICT (bot_id) DO UPDATE SET next_offset = excluded.next_offset, updated_at = excluded.updated_at
            WHERE t.next_offset < excluded.next_offset
            """);
        upsert.Parameters.Add(new NpgsqlParameter { Value = botId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = nextOffset });
        await upsert.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>
/// Long polling (<c>Telegram:Mode=polling</c>), in the data-sync role. Telegram lets one getUpdates caller per bot, so one instance
/// polls, holding a Redis lease that it extends before every call; the others wait to take over. Each update is handled, then
/// the next offset is stored in PostgreSQL before the next update. A restart resumes from the stored offset, and the next
/// getUpdates with that offset confirms the earlier updates to Telegram: none is lost, and at most the one update in hand at a
/// crash is delivered again, which adds nothing (bridged messages are idempotent by chat and message id). An update that cannot
/// be handled (the database is away) is not passed: polling backs off and fetches it again.
/// </summary>
public sealed partial class TelegramPoller(
    TelegramBotApi api,
    TelegramUpdateHandler handler,
    TelegramPollOffsets offsets,
    IConnectionMultiplexer redis,
    IOptions<TelegramOptions> options,
    ILogger<TelegramPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings is not { Enabled: true, Mode: TelegramMode.Polling })
        {
            return;
        }

        // Long enough to cover one long poll and the handling of its updates; extended before every call.
        var lease = new RedisLease(redis, settings.PollerLockKey, settings.PollTimeout + settings.RequestTimeout + TimeSpan.FromSeconds(30));
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await lease.TryAcquireAsync())
                {
                    LogPolling(settings.BotId);
                    try
                    {
                        await PollAsync(lease, settings, stoppingToken);
                        failures = 0;
                    }
                    finally
                    {
                        await lease.ReleaseAsync();
                    }
                }

                await Task.Delay(lease.Duration / 6, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                LogPollFailed(e, failures);
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

    /// <summary>Polls while the lease is ours; returns when it is lost. Failures of Telegram back off here; the database's are thrown.</summary>
    private async Task PollAsync(RedisLease lease, TelegramOptions settings, CancellationToken ct)
    {
        var offset = await offsets.LoadAsync(settings.BotId, ct);
        var failures = 0;
        while (!ct.IsCancellationRequested && await lease.ExtendAsync())
        {
            var call = await api.GetUpdatesAsync(offset, settings.PollTimeout, ct);
            if (!call.Ok)
            {
                failures++;
                var wait = call.RetryAfter ?? RetryBackoff.Delay(failures, settings.RetryBaseDelay, settings.RetryMaxDelay);
                LogGetUpdatesFailed(call.Reason, failures, wait.TotalSeconds);
                await Task.Delay(wait, ct);
                continue;
            }

            failures = 0;
            foreach (var update in call.Result ?? [])
            {
                if (update.UpdateId < offset)
                {
                    continue;
                }

                await handler.HandleAsync(update, ct);
                offset = update.UpdateId + 1;
                await offsets.SaveAsync(settings.BotId, offset, ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram poller holds the lease; polling updates of bot {BotId}")]
    private partial void LogPolling(long botId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram getUpdates failed ({Reason}), failure {Failures} in a row; polling again in {WaitSeconds:0.0} s")]
    private partial void LogGetUpdatesFailed(string reason, int failures, double waitSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram poller stopped (failure {Failures} in a row); starting again")]
    private partial void LogPollFailed(Exception e, int failures);
}
