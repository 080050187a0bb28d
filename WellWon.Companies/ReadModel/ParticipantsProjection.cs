using Npgsql;
using NpgsqlTypes;
using WellWon.Companies.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.Tenancy;

namespace WellWon.Companies.ReadModel;

/// <summary>
/// <c>companies.participants</c>: one row per (company, user) ever in it — the source of every tenant check
/// (<see cref="ICompanyAccess"/>) and of "my companies". A removal keeps the row as a tombstone (removed, no role), so a late or
/// repeated older event cannot bring the user back. Two column groups, each with the stream version that last set it:
/// membership (role or removed) and joining (when). Any order and any repetition of the events give the same row.
/// </summary>
[SyncProjection] // the creator is the owner at once, and a removed participant loses access before the answer
public sealed class ParticipantsProjection(NpgsqlDataSource db, EventTypeRegistry registry) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("companies", "participants");

    private static readonly IReadOnlySet<string> Types = EventTypeNames.Of(
        typeof(CompanyCreated), typeof(ParticipantAdded), typeof(ParticipantRoleChanged), typeof(ParticipantRemoved));

    public string Name => "companies.participants";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string TableSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            company_id          uuid        NOT NULL,
            user_id             uuid        NOT NULL,
            version             bigint      NOT NULL,
            role                text,
            removed             boolean     NOT NULL,
            membership_version  bigint      NOT NULL,
            changed_at          timestamptz NOT NULL,
            joined_at           timestamptz,
            joined_version      bigint      NOT NULL,
            CONSTRAINT {table.Index("pkey")} PRIMARY KEY (company_id, user_id)
        );
        CREATE INDEX {table.Index("by_user")} ON {table} (user_id) WHERE NOT removed;
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var create = db.CreateCommand(TableSql(table));
        await create.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        var change = registry.Deserialize(e.EventType, e.Data) switch
        {
            CompanyCreated c => new Change(c.CompanyId, c.OwnerUserId, CompanyRoles.Owner, c.CreatedAt, Joined: true),
            ParticipantAdded a => new Change(a.CompanyId, a.UserId, a.Role, a.AddedAt, Joined: true),
            ParticipantRoleChanged r => new Change(r.CompanyId, r.UserId, r.Role, r.ChangedAt, Joined: false),
            ParticipantRemoved r => new Change(r.CompanyId, r.UserId, null, r.RemovedAt, Joined: false),
            _ => null,
        };
        if (change is null)
        {
            return;
        }

        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS p
                (company_id, user_id, version, role, removed, membership_version, changed_at, joined_at, joined_version)
            VALUES ($1, $2, $3, $4, $5, $3, $6, $7, $8)
            ON CONFLICT (company_id, user_id) DO UPDATE SET
                version = GREATEST(p.version, EXCLUDED.version),
                role = CASE WHEN EXCLUDED.membership_version > p.membership_version THEN EXCLUDED.role ELSE p.role END,
                removed = CASE WHEN EXCLUDED.membership_version > p.membership_version THEN EXCLUDED.removed ELSE p.removed END,
                changed_at = CASE WHEN EXCLUDED.membership_version > p.membership_version THEN EXCLUDED.changed_at ELSE p.changed_at END,
                membership_version = GREATEST(p.membership_version, EXCLUDED.membership_version),
                joined_at = CASE WHEN EXCLUDED.joined_version > p.joined_version THEN EXCLUDED.joined_at ELSE p.joined_at END,
                joined_version = GREATEST(p.joined_version, EXCLUDED.joined_version)
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = change.CompanyId });
        p.Add(new NpgsqlParameter { Value = change.UserId });
        p.Add(new NpgsqlParameter { Value = e.StreamVersion });
        p.Add(new NpgsqlParameter { Value = (object?)change.Role ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = change.Role is null });
        p.Add(new NpgsqlParameter { Value = change.At });
        p.Add(new NpgsqlParameter { Value = change.Joined ? change.At : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = change.Joined ? e.StreamVersion : -1L });
        await upsert.ExecuteNonQueryAsync(ct);
    }

    /// <param name="Role">The role now, or null when the user was removed.</param>
    private sealed record Change(Guid CompanyId, Guid UserId, string? Role, DateTimeOffset At, bool Joined);
}
