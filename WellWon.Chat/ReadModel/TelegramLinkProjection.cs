using System.Collections.Frozen;
using Npgsql;
using NpgsqlTypes;
using WellWon.Chat.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Chat.ReadModel;

/// <summary>
/// <c>chat.telegram_links</c>: which Telegram group each conversation mirrors now, and from which log position on (so messages
/// posted before the link, met again in a replay, are never sent). An unlinked conversation keeps its row with no group. Each
/// row records the conversation stream version it reflects; an older event changes nothing.
/// </summary>
[SyncProjection] // a message posted right after linking finds the link; the Telegram outbox reads it
public sealed class TelegramLinkProjection(NpgsqlDataSource db, EventTypeRegistry registry) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("chat", "telegram_links");

    private static readonly FrozenSet<string> Types = ChatEventTypes.Of(typeof(TelegramLinked), typeof(TelegramUnlinked));

    public string Name => "chat.telegram-links";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            conversation_id  uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            telegram_chat_id bigint,
            linked_position  bigint,
            linked_by        uuid,
            changed_at       timestamptz NOT NULL,
            version          bigint      NOT NULL
        );
        CREATE INDEX {table.Index("by_telegram_chat")} ON {table} (telegram_chat_id) WHERE telegram_chat_id IS NOT NULL;
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        var (conversationId, chatId, by, at) = registry.Deserialize(e.EventType, e.Data) switch
        {
            TelegramLinked linked => (linked.ConversationId, (long?)linked.TelegramChatId, (Guid?)linked.LinkedBy, linked.LinkedAt),
            TelegramUnlinked unlinked => (unlinked.ConversationId, null, null, unlinked.UnlinkedAt),
            _ => (Guid.Empty, null, null, default),
        };
        if (conversationId == Guid.Empty)
        {
            return;
        }

        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t (conversation_id, telegram_chat_id, linked_position, linked_by, changed_at, version)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (conversation_id) DO UPDATE SET telegram_chat_id = excluded.telegram_chat_id, linked_position = excluded.linked_position,
                linked_by = excluded.linked_by, changed_at = excluded.changed_at, version = excluded.version
            WHERE t.version < excluded.version
            """);
        upsert.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)chatId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        upsert.Parameters.Add(new NpgsqlParameter { Value = chatId is null ? DBNull.Value : e.GlobalPosition, NpgsqlDbType = NpgsqlDbType.Bigint });
        upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)by ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        upsert.Parameters.Add(new NpgsqlParameter { Value = at });
        upsert.Parameters.Add(new NpgsqlParameter { Value = e.StreamVersion });
        await upsert.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>A conversation's Telegram link as its members may see it.</summary>
public sealed record TelegramLinkView(Guid ConversationId, long TelegramChatId, Guid? LinkedBy, DateTimeOffset LinkedAt);

/// <summary>Reads <c>chat.telegram_links</c>.</summary>
public sealed class TelegramLinkReader(NpgsqlDataSource db)
{
    public async Task<TelegramLinkView?> LinkOfAsync(Guid conversationId, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT conversation_id, telegram_chat_id, linked_by, changed_at FROM {TelegramLinkProjection.LiveTable}
            WHERE conversation_id = $1 AND telegram_chat_id IS NOT NULL
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new TelegramLinkView(reader.GetGuid(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetFieldValue<DateTimeOffset>(3))
            : null;
    }
}
