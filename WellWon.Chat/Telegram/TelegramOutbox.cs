using Npgsql;
using NpgsqlTypes;

namespace WellWon.Chat.Telegram;

/// <summary>The states of an outbox item: waiting (or being sent), done, refused by Telegram for good, or dropped as moot.</summary>
public static class TelegramOutboxStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Pending, Sent, Failed, Cancelled };
}

/// <summary>
/// An item a sender has claimed: what to do (<see cref="Kind"/>: send, edit or delete), where, and — for an edit or a delete — the
/// Telegram message id its send got (<see cref="SentMessageId"/>). <see cref="Linked"/>: the conversation still mirrors that chat.
/// </summary>
public sealed record TelegramOutboxItem(
    long Id,
    Guid MessageId,
    string Kind,
    Guid ConversationId,
    long TelegramChatId,
    Guid? AuthorId,
    string? Text,
    long Version,
    int Attempts,
    long? SentMessageId,
    bool Linked);

/// <summary>An outbox item as the admin endpoint shows it; <see cref="InFlight"/>: a sender holds it right now.</summary>
public sealed record TelegramOutboxView(
    long Id,
    Guid MessageId,
    string Kind,
    Guid ConversationId,
    long TelegramChatId,
    string Status,
    int Attempts,
    string? LastError,
    DateTimeOffset NextAttemptAt,
    bool InFlight,
    long? TelegramMessageId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt);

/// <param name="NextBefore">Pass as <c>before</c> for the next (older) page; null on the last one.</param>
public sealed record TelegramOutboxPage(IReadOnlyList<TelegramOutboxView> Items, long? NextBefore);

/// <summary>
/// <c>chat.telegram_outbox</c> for the sender: claims due items and records how each attempt ended. Times are the database's
/// (<c>now()</c>), so any number of senders on any clocks agree on what is due. Every statement is a short transaction of its
/// own: nothing is held open while Telegram is being called.
/// </summary>
public sealed class TelegramOutbox(NpgsqlDataSource db)
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> due items, at most one per Telegram chat and only the chat's oldest pending one, so a
    /// chat's messages go out in order and an edit or delete never overtakes its send. A claim lasts <paramref name="lease"/>;
    /// the row's own conditions are checked again under its lock, so two senders never claim one item.
    /// </summary>
    public async Task<IReadOnlyList<TelegramOutboxItem>> ClaimAsync(int limit, TimeSpan lease, CancellationToken ct)
    {
        await using var claim = db.CreateCommand("""
            WITH heads AS (
                SELECT DISTINCT ON (telegram_chat_id) id FROM chat.telegram_outbox WHERE status = 'pending' ORDER BY telegram_chat_id, id
            ), due AS (
                SELECT o.id FROM chat.telegram_outbox o JOIN heads h ON h.id = o.id
                WHERE o.next_attempt_at <= now() AND (o.claimed_until IS NULL OR o.claimed_until < now())
                ORDER BY o.next_attempt_at, o.id
                LIMIT $1
            )
            UPDATE chat.telegram_outbox o SET claimed_until = now() + $2
            FROM due
            WHERE o.id = due.id AND o.status = 'pending' AND (o.claimed_until IS NULL OR o.claimed_until < now())
            RETURNING o.id, o.message_id, o.kind, o.conversation_id, o.telegram_chat_id, o.author_id, o.text, o.version, o.attempts,
                (SELECT s.telegram_message_id FROM chat.telegram_outbox s WHERE s.message_id = o.message_id AND s.kind = 'send'),
                EXISTS (SELECT 1 FROM chat.telegram_links l WHERE l.conversation_id = o.conversation_id AND l.telegram_chat_id = o.telegram_chat_id)
            """);
        claim.Parameters.Add(new NpgsqlParameter { Value = limit });
        claim.Parameters.Add(new NpgsqlParameter { Value = lease, NpgsqlDbType = NpgsqlDbType.Interval });
        var items = new List<TelegramOutboxItem>();
        await using var reader = await claim.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new TelegramOutboxItem(
                reader.GetInt64(0),
                reader.GetGuid(1),
                reader.GetString(2),
                reader.GetGuid(3),
                reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetGuid(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt64(7),
                reader.GetInt32(8),
                reader.IsDBNull(9) ? null : reader.GetInt64(9),
                reader.GetBoolean(10)));
        }

        return items;
    }

    /// <summary>
    /// Done; a send records the Telegram message id that later edits and deletes address. An edit replaced by a newer one while it
    /// was being sent stays pending (its new text still has to go) and is only let go.
    /// </summary>
    public Task MarkSentAsync(TelegramOutboxItem item, long? telegramMessageId, CancellationToken ct) =>
        FinishAsync(item, TelegramOutboxStatus.Sent, null, telegramMessageId, ct);

    /// <summary>Refused by Telegram for good (a 400 or 403): kept with the reason, no more attempts.</summary>
    public Task MarkFailedAsync(TelegramOutboxItem item, string reason, CancellationToken ct) =>
        FinishAsync(item, TelegramOutboxStatus.Failed, reason, null, ct);

    /// <summary>Moot: the conversation was unlinked, or the message an edit or delete concerns never reached Telegram.</summary>
    public Task MarkCancelledAsync(TelegramOutboxItem item, string reason, CancellationToken ct) =>
        FinishAsync(item, TelegramOutboxStatus.Cancelled, reason, null, ct);

    /// <summary>Not now (network, 5xx, 429): still pending, tried again after <paramref name="delay"/> (counted from the database's now).</summary>
    public async Task RetryLaterAsync(TelegramOutboxItem item, TimeSpan delay, string reason, CancellationToken ct)
    {
        await using var retry = db.CreateCommand("""
            UPDATE chat.telegram_outbox SET attempts = attempts + 1, next_attempt_at = now() + $2, last_error = $3, claimed_until = NULL
            WHERE id = $1 AND status = 'pending'
            """);
        retry.Parameters.Add(new NpgsqlParameter { Value = item.Id });
        retry.Parameters.Add(new NpgsqlParameter { Value = delay, NpgsqlDbType = NpgsqlDbType.Interval });
        retry.Parameters.Add(new NpgsqlParameter { Value = reason });
        await retry.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Items newest first, optionally of one status or conversation; for operators.</summary>
    public async Task<TelegramOutboxPage> ListAsync(string? status, Guid? conversationId, long? before, int limit, CancellationToken ct)
    {
        await using var select = db.CreateCommand("""
            SELECT id, message_id, kind, conversation_id, telegram_chat_id, status, attempts, last_error, next_attempt_at,
                   coalesce(claimed_until > now(), false), telegram_message_id, created_at, sent_at
            FROM chat.telegram_outbox
            WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR conversation_id = $2) AND id < $3
            ORDER BY id DESC
            LIMIT $4
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        select.Parameters.Add(new NpgsqlParameter { Value = (object?)conversationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        select.Parameters.Add(new NpgsqlParameter { Value = before ?? long.MaxValue });
        select.Parameters.Add(new NpgsqlParameter { Value = limit });
        var items = new List<TelegramOutboxView>(limit);
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                items.Add(new TelegramOutboxView(
                    reader.GetInt64(0),
                    reader.GetGuid(1),
                    reader.GetString(2),
                    reader.GetGuid(3),
                    reader.GetInt64(4),
                    reader.GetString(5),
                    reader.GetInt32(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.GetFieldValue<DateTimeOffset>(8),
                    reader.GetBoolean(9),
                    reader.IsDBNull(10) ? null : reader.GetInt64(10),
                    reader.GetFieldValue<DateTimeOffset>(11),
                    reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12)));
            }
        }

        return new TelegramOutboxPage(items, items.Count == limit ? items[^1].Id : null);
    }

    private async Task FinishAsync(TelegramOutboxItem item, string status, string? reason, long? telegramMessageId, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        var finish = new NpgsqlBatchCommand("""
            UPDATE chat.telegram_outbox SET status = $3, attempts = attempts + 1, last_error = $4, claimed_until = NULL,
                telegram_message_id = coalesce($5, telegram_message_id), sent_at = CASE WHEN $3 = 'sent' THEN now() ELSE sent_at END
            WHERE id = $1 AND version = $2 AND status = 'pending'
            """);
        finish.Parameters.Add(new NpgsqlParameter { Value = item.Id });
        finish.Parameters.Add(new NpgsqlParameter { Value = item.Version });
        finish.Parameters.Add(new NpgsqlParameter { Value = status });
        finish.Parameters.Add(new NpgsqlParameter { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        finish.Parameters.Add(new NpgsqlParameter { Value = (object?)telegramMessageId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        batch.BatchCommands.Add(finish);
        // When a newer edit replaced the text meanwhile, the row stays pending; only the claim goes, so the new text is sent next.
        var release = new NpgsqlBatchCommand("UPDATE chat.telegram_outbox SET claimed_until = NULL WHERE id = $1 AND version <> $2 AND status = 'pending'");
        release.Parameters.Add(new NpgsqlParameter { Value = item.Id });
        release.Parameters.Add(new NpgsqlParameter { Value = item.Version });
        batch.BatchCommands.Add(release);
        await batch.ExecuteNonQueryAsync(ct);
    }
}
