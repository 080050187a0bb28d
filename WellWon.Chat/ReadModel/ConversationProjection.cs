using System.Collections.Frozen;
using Npgsql;
using WellWon.Chat.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;

namespace WellWon.Chat.ReadModel;

/// <summary>
/// <c>chat.conversations</c>: one row per conversation (kind, company, title, read-only), from the conversation streams. The
/// row records the stream version it reflects; an older event changes nothing.
/// </summary>
[SyncProjection] // a new direct chat is in the starter's list at once
public sealed class ConversationProjection(NpgsqlDataSource db, EventTypeRegistry registry) : IRebuildableProjection, INotifyingProjection
{
    public static readonly ProjectionTable LiveTable = new("chat", "conversations");

    private static readonly FrozenSet<string> Types = ChatEventTypes.Of(typeof(ConversationStarted), typeof(ConversationMadeReadOnly), typeof(ConversationReopened));

    public string Name => "chat.conversations";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id         uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            kind       text        NOT NULL,
            company_id uuid,
            title      text,
            read_only  boolean     NOT NULL DEFAULT false,
            started_at timestamptz NOT NULL,
            version    bigint      NOT NULL
        );
        CREATE INDEX {table.Index("by_company")} ON {table} (company_id) WHERE company_id IS NOT NULL;
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public IEnumerable<(ChangeAudience Audience, ChangeNotification Change)> ChangesFor(RecordedEvent e) =>
        registry.Deserialize(e.EventType, e.Data) switch
        {
            ConversationMadeReadOnly closed => [ChatChanges.ConversationChanged(closed.ConversationId, e.StreamVersion, "read-only")],
            ConversationReopened reopened => [ChatChanges.ConversationChanged(reopened.ConversationId, e.StreamVersion, "reopened")],
            _ => [],
        };

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        switch (registry.Deserialize(e.EventType, e.Data))
        {
            case ConversationStarted started:
                await using (var insert = db.CreateCommand($"""
                    INSERT INTO {table} AS t (id, kind, company_id, title, started_at, version) VALUES ($1, $2, $3, $4, $5, $6)
                    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, company_id = excluded.company_id, title = excluded.title,
                        started_at = excluded.started_at, version = excluded.version
                    WHERE t.version < excluded.version
                    """))
                {
                    insert.Parameters.Add(new NpgsqlParameter { Value = started.ConversationId });
                    insert.Parameters.Add(new NpgsqlParameter { Value = started.Kind });
                    insert.Parameters.Add(new NpgsqlParameter { Value = (object?)started.CompanyId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
                    insert.Parameters.Add(new NpgsqlParameter { Value = (object?)started.Title ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
                    insert.Parameters.Add(new NpgsqlParameter { Value = started.StartedAt });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.StreamVersion });
                    await insert.ExecuteNonQueryAsync(ct);
                }

                break;
            case ConversationMadeReadOnly closed:
                await SetReadOnlyAsync(table, closed.ConversationId, readOnly: true, e.StreamVersion, ct);
                break;
            case ConversationReopened reopened:
                await SetReadOnlyAsync(table, reopened.ConversationId, readOnly: false, e.StreamVersion, ct);
                break;
        }
    }

    private async Task SetReadOnlyAsync(ProjectionTable table, Guid conversationId, bool readOnly, long version, CancellationToken ct)
    {
        await using var update = db.CreateCommand($"UPDATE {table} SET read_only = $2, version = $3 WHERE id = $1 AND version < $3");
        update.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        update.Parameters.Add(new NpgsqlParameter { Value = readOnly });
        update.Parameters.Add(new NpgsqlParameter { Value = version });
        await update.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>The stable names of event types, for a projection's <c>EventTypes</c>.</summary>
internal static class ChatEventTypes
{
    public static FrozenSet<string> Of(params Type[] types) =>
        types.Select(t => ((EventTypeAttribute)Attribute.GetCustomAttribute(t, typeof(EventTypeAttribute))!).Name).ToFrozenSet(StringComparer.Ordinal);
}
