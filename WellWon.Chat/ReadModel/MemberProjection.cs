using System.Collections.Frozen;
using Npgsql;
using WellWon.Chat.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;

namespace WellWon.Chat.ReadModel;

/// <summary>
/// <c>chat.members</c>: one row per (conversation, user): whether the user is in it now and how far they have read. Membership
/// comes from the conversation stream, each row guarded by the stream version of the last membership event that touched it (a
/// row's joins and leaves come in that stream's order, so an older one changes nothing); the read position from the member's
/// read-marker stream, which only moves forward. Who may see a conversation and unread counts are answered from here.
/// </summary>
[SyncProjection] // whoever is added can open the chat at once; one's own read receipt shows at once
public sealed class MemberProjection(NpgsqlDataSource db, EventTypeRegistry registry) : IRebuildableProjection, INotifyingProjection
{
    public static readonly ProjectionTable LiveTable = new("chat", "members");

    private static readonly FrozenSet<string> Types = ChatEventTypes.Of(typeof(ConversationStarted), typeof(MemberJoined), typeof(MemberLeft), typeof(MessagesRead));

    public string Name => "chat.members";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            conversation_id      uuid        NOT NULL,
            user_id              uuid        NOT NULL,
            active               boolean     NOT NULL,
            membership_version   bigint      NOT NULL,
            joined_at            timestamptz,
            last_read_sequence   bigint      NOT NULL DEFAULT 0,
            last_read_message_id uuid,
            last_read_at         timestamptz,
            CONSTRAINT {table.Index("pkey")} PRIMARY KEY (conversation_id, user_id)
        );
        CREATE INDEX {table.Index("by_user")} ON {table} (user_id) WHERE active;
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public IEnumerable<(ChangeAudience Audience, ChangeNotification Change)> ChangesFor(RecordedEvent e) =>
        registry.Deserialize(e.EventType, e.Data) switch
        {
            ConversationStarted started => [.. started.Members.Select(m => ChatChanges.Membership(m, started.ConversationId, e.StreamVersion, "joined"))],
            MemberJoined joined => [ChatChanges.Membership(joined.UserId, joined.ConversationId, e.StreamVersion, "joined")],
            MemberLeft left => [ChatChanges.Membership(left.UserId, left.ConversationId, e.StreamVersion, "left")],
            MessagesRead read => [ChatChanges.ReadUpTo(read.ConversationId, read.UserId, read.UpToSequence)],
            _ => [],
        };

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        switch (registry.Deserialize(e.EventType, e.Data))
        {
            case ConversationStarted started:
                foreach (var member in started.Members)
                {
                    await SetMembershipAsync(table, started.ConversationId, member, active: true, e.StreamVersion, started.StartedAt, ct);
                }

                break;
            case MemberJoined joined:
                await SetMembershipAsync(table, joined.ConversationId, joined.UserId, active: true, e.StreamVersion, joined.JoinedAt, ct);
                break;
            case MemberLeft left:
                await SetMembershipAsync(table, left.ConversationId, left.UserId, active: false, e.StreamVersion, null, ct);
                break;
            case MessagesRead read:
                await SetReadAsync(table, read, ct);
                break;
        }
    }

    private async Task SetMembershipAsync(
        ProjectionTable table, Guid conversationId, Guid userId, bool active, long version, DateTimeOffset? joinedAt, CancellationToken ct)
    {
        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t (conversation_id, user_id, active, membership_version, joined_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (conversation_id, user_id) DO UPDATE SET
                active = excluded.active, membership_version = excluded.membership_version,
                joined_at = coalesce(excluded.joined_at, t.joined_at)
            WHERE t.membership_version < excluded.membership_version
            """);
        upsert.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = userId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = active });
        upsert.Parameters.Add(new NpgsqlParameter { Value = version });
        upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)joinedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        await upsert.ExecuteNonQueryAsync(ct);
    }

    // A read before the membership row exists (the worker behind) makes an inactive row that the membership event then completes.
    private async Task SetReadAsync(ProjectionTable table, MessagesRead read, CancellationToken ct)
    {
        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t (conversation_id, user_id, active, membership_version, last_read_sequence, last_read_message_id, last_read_at)
            VALUES ($1, $2, false, -1, $3, $4, $5)
            ON CONFLICT (conversation_id, user_id) DO UPDATE SET
                last_read_sequence = excluded.last_read_sequence, last_read_message_id = excluded.last_read_message_id,
                last_read_at = excluded.last_read_at
            WHERE t.last_read_sequence < excluded.last_read_sequence
            """);
        upsert.Parameters.Add(new NpgsqlParameter { Value = read.ConversationId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = read.UserId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = read.UpToSequence });
        upsert.Parameters.Add(new NpgsqlParameter { Value = read.UpToMessageId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = read.ReadAt });
        await upsert.ExecuteNonQueryAsync(ct);
    }
}
