using System.Collections.Frozen;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Chat.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;

namespace WellWon.Chat.ReadModel;

/// <summary>
/// <c>chat.messages</c>: one row per message, the latest text (null once deleted), keyed for keyset pages by (conversation,
/// sequence). Each row records its message stream's version; an older event changes nothing. A partial index over the
/// undeleted messages with their authors answers unread counts from the index alone.
/// </summary>
[SyncProjection] // the author's next page shows the message at once
public sealed class MessageProjection(NpgsqlDataSource db, EventTypeRegistry registry) : IRebuildableProjection, INotifyingProjection
{
    public static readonly ProjectionTable LiveTable = new("chat", "messages");

    private static readonly FrozenSet<string> Types = ChatEventTypes.Of(typeof(MessagePosted), typeof(MessageEdited), typeof(MessageDeleted));

    public string Name => "chat.messages";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    /// <summary>The table as a rebuild creates it today: the first shape (<see cref="FirstCreateSql"/>) plus <c>origin</c>.</summary>
    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            message_id      uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            conversation_id uuid        NOT NULL,
            sequence        bigint      NOT NULL,
            author_id       uuid        NOT NULL,
            text            text,
            reply_to        uuid,
            attachments     jsonb       NOT NULL DEFAULT '[]',
            posted_at       timestamptz NOT NULL,
            edited_at       timestamptz,
            deleted_at      timestamptz,
            deleted_by      uuid,
            version         bigint      NOT NULL,
            origin          jsonb
        );
        CREATE UNIQUE INDEX {table.Index("by_sequence")} ON {table} (conversation_id, sequence);
        CREATE INDEX {table.Index("unread")} ON {table} (conversation_id, sequence) INCLUDE (author_id) WHERE deleted_at IS NULL;
        """;

    /// <summary>The shape migration 4 created, kept word for word: an applied migration's text is checked and never changes.</summary>
    public static string FirstCreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            message_id      uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            conversation_id uuid        NOT NULL,
            sequence        bigint      NOT NULL,
            author_id       uuid        NOT NULL,
            text            text,
            reply_to        uuid,
            attachments     jsonb       NOT NULL DEFAULT '[]',
            posted_at       timestamptz NOT NULL,
            edited_at       timestamptz,
            deleted_at      timestamptz,
            deleted_by      uuid,
            version         bigint      NOT NULL
        );
        CREATE UNIQUE INDEX {table.Index("by_sequence")} ON {table} (conversation_id, sequence);
        CREATE INDEX {table.Index("unread")} ON {table} (conversation_id, sequence) INCLUDE (author_id) WHERE deleted_at IS NULL;
        """;

    /// <summary>Migration 5: where a bridged message came from (null for WellWon's own).</summary>
    public static string AddOriginSql(ProjectionTable table) => $"ALTER TABLE {table} ADD COLUMN origin jsonb;";

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public IEnumerable<(ChangeAudience Audience, ChangeNotification Change)> ChangesFor(RecordedEvent e) =>
        registry.Deserialize(e.EventType, e.Data) switch
        {
            MessagePosted posted => [ChatChanges.Posted(posted.ConversationId, posted.Sequence)],
            MessageEdited edited => [ChatChanges.MessageChanged(edited.ConversationId, edited.MessageId, e.StreamVersion, "edited")],
            MessageDeleted deleted => [ChatChanges.MessageChanged(deleted.ConversationId, deleted.MessageId, e.StreamVersion, "deleted")],
            _ => [],
        };

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        switch (registry.Deserialize(e.EventType, e.Data))
        {
            case MessagePosted posted:
                await InsertAsync(table, posted, e.StreamVersion, ct);
                break;
            case MessageEdited edited:
                await using (var update = db.CreateCommand($"UPDATE {table} SET text = $2, edited_at = $3, version = $4 WHERE message_id = $1 AND version < $4 AND deleted_at IS NULL"))
                {
                    update.Parameters.Add(new NpgsqlParameter { Value = edited.MessageId });
                    update.Parameters.Add(new NpgsqlParameter { Value = edited.Text });
                    update.Parameters.Add(new NpgsqlParameter { Value = edited.EditedAt });
                    update.Parameters.Add(new NpgsqlParameter { Value = e.StreamVersion });
                    await update.ExecuteNonQueryAsync(ct);
                }

                break;
            case MessageDeleted deleted:
                await using (var update = db.CreateCommand($"""
                    UPDATE {table} SET text = NULL, attachments = '[]', deleted_at = $2, deleted_by = $3, version = $4
                    WHERE message_id = $1 AND version < $4
                    """))
                {
                    update.Parameters.Add(new NpgsqlParameter { Value = deleted.MessageId });
                    update.Parameters.Add(new NpgsqlParameter { Value = deleted.DeletedAt });
                    update.Parameters.Add(new NpgsqlParameter { Value = deleted.DeletedBy });
                    update.Parameters.Add(new NpgsqlParameter { Value = e.StreamVersion });
                    await update.ExecuteNonQueryAsync(ct);
                }

                break;
        }
    }

    private async Task InsertAsync(ProjectionTable table, MessagePosted posted, long version, CancellationToken ct)
    {
        await using var insert = db.CreateCommand($"""
            INSERT INTO {table} (message_id, conversation_id, sequence, author_id, text, reply_to, attachments, posted_at, version, origin)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (message_id) DO NOTHING
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = posted.MessageId });
        insert.Parameters.Add(new NpgsqlParameter { Value = posted.ConversationId });
        insert.Parameters.Add(new NpgsqlParameter { Value = posted.Sequence });
        insert.Parameters.Add(new NpgsqlParameter { Value = posted.AuthorId });
        insert.Parameters.Add(new NpgsqlParameter { Value = posted.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)posted.ReplyTo ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        insert.Parameters.Add(new NpgsqlParameter { Value = AttachmentsJson(posted.Attachments), NpgsqlDbType = NpgsqlDbType.Jsonb });
        insert.Parameters.Add(new NpgsqlParameter { Value = posted.PostedAt });
        insert.Parameters.Add(new NpgsqlParameter { Value = version });
        insert.Parameters.Add(new NpgsqlParameter
        {
            Value = posted.Origin is null ? DBNull.Value : JsonSerializer.Serialize(posted.Origin, EventTypeRegistry.JsonOptions),
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });
        await insert.ExecuteNonQueryAsync(ct);
    }

    public static string AttachmentsJson(IReadOnlyList<DocumentReference> attachments) =>
        JsonSerializer.Serialize(attachments, EventTypeRegistry.JsonOptions);
}
