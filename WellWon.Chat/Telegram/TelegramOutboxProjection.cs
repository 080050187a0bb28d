using System.Collections.Frozen;
using Npgsql;
using WellWon.Chat.Contracts;
using WellWon.Chat.ReadModel;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Chat.Telegram;

/// <summary>
/// Feeds <c>chat.telegram_outbox</c> from the chat events, in the event processor (at-least-once, per message stream in order).
/// A message posted in WellWon while its conversation is linked becomes a "send" item; an edit or a delete of a message that has a
/// send item becomes an "edit" or "delete" item for the same Telegram chat. Every write is keyed by (message, kind), so a redelivered
/// or replayed event adds nothing, and an edit only replaces an older edit's text. What it leaves out:
/// <list type="bullet">
/// <item>messages bridged in from Telegram (they have an origin): sending them back would echo them;</item>
/// <item>messages posted before the link (a log position before <c>linked_position</c>), met again when the log is replayed.</item>
/// </list>
/// Not rebuildable on purpose: this is a queue of things to do, not a view, and a rebuild would send everything again.
/// </summary>
public sealed class TelegramOutboxProjection(NpgsqlDataSource db, EventTypeRegistry registry) : IProjection
{
    public const string ProjectionName = "chat.telegram-outbox";

    private static readonly FrozenSet<string> Types = ChatEventTypes.Of(typeof(MessagePosted), typeof(MessageEdited), typeof(MessageDeleted));

    public string Name => ProjectionName;

    public IReadOnlySet<string> EventTypes => Types;

    public async Task ApplyAsync(RecordedEvent e, CancellationToken ct)
    {
        switch (registry.Deserialize(e.EventType, e.Data))
        {
            case MessagePosted { Origin: null } posted:
                await using (var send = db.CreateCommand($"""
                    INSERT INTO chat.telegram_outbox (message_id, kind, conversation_id, telegram_chat_id, author_id, text, version)
                    SELECT $1, 'send', $2, l.telegram_chat_id, $3, $4, $5
                    FROM {TelegramLinkProjection.LiveTable} l
                    WHERE l.conversation_id = $2 AND l.telegram_chat_id IS NOT NULL AND l.linked_position < $6
                    ON CONFLICT (message_id, kind) DO NOTHING
                    """))
                {
                    send.Parameters.Add(new NpgsqlParameter { Value = posted.MessageId });
                    send.Parameters.Add(new NpgsqlParameter { Value = posted.ConversationId });
                    send.Parameters.Add(new NpgsqlParameter { Value = posted.AuthorId });
                    send.Parameters.Add(new NpgsqlParameter { Value = TelegramText.Of(posted.Text, posted.Attachments) });
                    send.Parameters.Add(new NpgsqlParameter { Value = e.StreamVersion });
                    send.Parameters.Add(new NpgsqlParameter { Value = e.GlobalPosition });
                    await send.ExecuteNonQueryAsync(ct);
                }

                break;
            case MessageEdited edited:
                await using (var edit = db.CreateCommand("""
                    INSERT INTO chat.telegram_outbox AS o (message_id, kind, conversation_id, telegram_chat_id, author_id, text, version)
                    SELECT s.message_id, 'edit', s.conversation_id, s.telegram_chat_id, s.author_id, $2, $3
                    FROM chat.telegram_outbox s WHERE s.message_id = $1 AND s.kind = 'send'
                    ON CONFLICT (message_id, kind) DO UPDATE SET text = excluded.text, version = excluded.version, status = 'pending',
                        attempts = 0, next_attempt_at = now(), last_error = NULL, sent_at = NULL
                    WHERE o.version < excluded.version
                    """))
                {
                    edit.Parameters.Add(new NpgsqlParameter { Value = edited.MessageId });
                    edit.Parameters.Add(new NpgsqlParameter { Value = edited.Text });
                    edit.Parameters.Add(new NpgsqlParameter { Value = e.StreamVersion });
                    await edit.ExecuteNonQueryAsync(ct);
                }

                break;
            case MessageDeleted deleted:
                await using (var delete = db.CreateCommand("""
                    INSERT INTO chat.telegram_outbox (message_id, kind, conversation_id, telegram_chat_id, author_id, version)
                    SELECT s.message_id, 'delete', s.conversation_id, s.telegram_chat_id, s.author_id, $2
                    FROM chat.telegram_outbox s WHERE s.message_id = $1 AND s.kind = 'send'
                    ON CONFLICT (message_id, kind) DO NOTHING
                    """))
                {
                    delete.Parameters.Add(new NpgsqlParameter { Value = deleted.MessageId });
                    delete.Parameters.Add(new NpgsqlParameter { Value = e.StreamVersion });
                    await delete.ExecuteNonQueryAsync(ct);
                }

                break;
        }
    }
}

/// <summary>A WellWon message as Telegram shows it: the text, then a line per attachment (the files stay in WellWon).</summary>
public static class TelegramText
{
    /// <summary>Telegram's limit for a message's text.</summary>
    public const int MaxLength = 4096;

    public static string Of(string text, IReadOnlyList<DocumentReference> attachments) =>
        attachments.Count == 0 ? text : string.Join('\n', new[] { text }.Where(t => t.Length > 0).Concat(attachments.Select(a => $"📎 {a.Name}")));

    /// <summary>"Ann Lee: the text", cut to Telegram's limit: the bot is the sender Telegram shows, so the author is named in the text.</summary>
    public static string WithAuthor(string? author, string text)
    {
        var full = $"{(string.IsNullOrWhiteSpace(author) ? "WellWon" : author.Trim())}: {text}";
        return full.Length <= MaxLength ? full : string.Concat(full.AsSpan(0, MaxLength - 1), "…");
    }
}
