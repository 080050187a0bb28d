using System.Text.Json;
using Npgsql;
using WellWon.Chat.Contracts;
using WellWon.Platform.Kernel;
using WellWon.Platform.RealTime;

namespace WellWon.Chat.ReadModel;

/// <summary>A conversation in its member's list (JSON camelCase). <see cref="UnreadCount"/> stops counting at <see cref="ChatReader.UnreadCap"/>.</summary>
public sealed record ChatSummary(
    Guid Id,
    string Kind,
    Guid? CompanyId,
    string? Title,
    Guid? PeerUserId,
    bool ReadOnly,
    long LastSequence,
    DateTimeOffset? LastMessageAt,
    string? LastMessagePreview,
    long LastReadSequence,
    int UnreadCount,
    DateTimeOffset StartedAt);

/// <summary>
/// A message as the screens show it; <see cref="Text"/> is null once deleted. <see cref="Origin"/> is set on a message bridged in
/// from Telegram: its author is then the outside sender named there, not a WellWon user.
/// </summary>
public sealed record MessageView(
    Guid Id,
    Guid ConversationId,
    long Sequence,
    Guid AuthorId,
    string? Text,
    Guid? ReplyTo,
    IReadOnlyList<DocumentReference> Attachments,
    DateTimeOffset PostedAt,
    DateTimeOffset? EditedAt,
    bool Deleted,
    MessageOrigin? Origin = null);

/// <summary>
/// A page of messages: with <c>before</c> (or nothing) the newest first, with <c>after</c> the oldest first (catching up).
/// <see cref="NextBefore"/>/<see cref="NextAfter"/> continue in the same direction; null when there is nothing more.
/// </summary>
public sealed record MessagePage(IReadOnlyList<MessageView> Items, long? NextBefore, long? NextAfter);

/// <summary>The queries' only source: the chat read model. Membership is the active rows of <c>chat.members</c>.</summary>
public sealed class ChatReader(NpgsqlDataSource db)
{
    /// <summary>Unread counts stop here ("999+"): counting is an index range scan, bounded however long a chat was left unread.</summary>
    public const int UnreadCap = 999;

    private const string MessageColumns = "message_id, conversation_id, sequence, author_id, text, reply_to, attachments, posted_at, edited_at, deleted_at, origin";

    public async Task<bool> IsMemberAsync(Guid conversationId, Guid userId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM chat.members WHERE conversation_id = $1 AND user_id = $2 AND active)");
        select.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        select.Parameters.Add(new NpgsqlParameter { Value = userId });
        return await select.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>The user's conversations, latest activity first, each with its last message and the user's unread count.</summary>
    public async Task<IReadOnlyList<ChatSummary>> ListForMemberAsync(Guid userId, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT c.id, c.kind, c.company_id, c.title, peer.user_id, c.read_only, coalesce(last.sequence, 0), last.posted_at, left(last.text, 200),
                   m.last_read_sequence, unread.count, c.started_at
            FROM chat.members m
            JOIN chat.conversations c ON c.id = m.conversation_id
            LEFT JOIN LATERAL (
                SELECT x.sequence, x.posted_at, x.text FROM chat.messages x WHERE x.conversation_id = c.id ORDER BY x.sequence DESC LIMIT 1
            ) last ON true
            LEFT JOIN LATERAL (
                SELECT p.user_id FROM chat.members p WHERE c.kind = 'direct' AND p.conversation_id = c.id AND p.user_id <> m.user_id LIMIT 1
            ) peer ON true
            CROSS JOIN LATERAL (
                SELECT count(*)::int AS count FROM (
                    SELECT 1 FROM chat.messages u
                    WHERE u.conversation_id = c.id AND u.sequence > m.last_read_sequence AND u.deleted_at IS NULL AND u.author_id <> m.user_id
                    LIMIT {UnreadCap}
                ) unread_rows
            ) unread
            WHERE m.user_id = $1 AND m.active
            ORDER BY coalesce(last.posted_at, c.started_at) DESC, c.id
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = userId });
        var list = new List<ChatSummary>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new ChatSummary(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4),
                reader.GetBoolean(5),
                reader.GetInt64(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetInt64(9),
                reader.GetInt32(10),
                reader.GetFieldValue<DateTimeOffset>(11)));
        }

        return list;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> messages before sequence <paramref name="before"/> (newest first; null = from the end), or after
    /// <paramref name="after"/> (oldest first). A keyset range on (conversation, sequence): the same cost on page 1 and page 2,000.
    /// </summary>
    public async Task<MessagePage> PageAsync(Guid conversationId, long? before, long? after, int limit, CancellationToken ct)
    {
        var forwards = after is not null;
        await using var select = db.CreateCommand(forwards
            ? $"SELECT {MessageColumns} FROM chat.messages WHERE conversation_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3"
            : $"SELECT {MessageColumns} FROM chat.messages WHERE conversation_id = $1 AND sequence < $2 ORDER BY sequence DESC LIMIT $3");
        select.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        select.Parameters.Add(new NpgsqlParameter { Value = forwards ? after!.Value : before ?? long.MaxValue });
        select.Parameters.Add(new NpgsqlParameter { Value = limit });
        var items = new List<MessageView>(limit);
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                items.Add(Read(reader));
            }
        }

        var more = items.Count == limit;
        return forwards
            ? new MessagePage(items, null, more ? items[^1].Sequence : null)
            : new MessagePage(items, more ? items[^1].Sequence : null, null);
    }

    public async Task<MessageView?> GetMessageAsync(Guid conversationId, Guid messageId, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT {MessageColumns} FROM chat.messages WHERE message_id = $1 AND conversation_id = $2");
        select.Parameters.Add(new NpgsqlParameter { Value = messageId });
        select.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private static MessageView Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetInt64(2),
        reader.GetGuid(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetGuid(5),
        Attachments(reader.GetString(6)),
        reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
        !reader.IsDBNull(9),
        reader.IsDBNull(10) ? null : JsonSerializer.Deserialize<MessageOrigin>(reader.GetString(10), EventTypeRegistry.JsonOptions));

    // Most messages have none: skip the parser for the empty array.
    private static List<DocumentReference> Attachments(string json) =>
        json == "[]" ? [] : JsonSerializer.Deserialize<List<DocumentReference>>(json, EventTypeRegistry.JsonOptions) ?? [];
}

/// <summary>The hub's question "may this user follow chat X", answered from the members read model.</summary>
public sealed class ChatMembershipReader(ChatReader reader) : IChatMembership
{
    public async ValueTask<bool> IsMemberAsync(Guid userId, Guid chatId, CancellationToken ct) => await reader.IsMemberAsync(chatId, userId, ct);
}
