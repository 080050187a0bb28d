using Npgsql;
using NpgsqlTypes;
using WellWon.Companies.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Companies.ReadModel;

/// <summary>
/// <c>companies.invitations</c>: one row per invitation. What the issue says is set once; the answer (status, when, by whom) is
/// a column group with the stream version that last set it, so an answer that arrives before its issue is kept, and any order
/// or repetition of the events gives the same row. The token's hash is not copied here. "Expired" is not stored: a reader
/// derives it from <c>expires_at</c> at the time of asking.
/// </summary>
[SyncProjection] // the inviter lists the invitation at once
public sealed class InvitationsProjection(NpgsqlDataSource db, EventTypeRegistry registry) : IRebuildableProjection
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Declined = "declined";
    public const string Revoked = "revoked";
    public const string Expired = "expired";

    public static readonly ProjectionTable LiveTable = new("companies", "invitations");

    private static readonly IReadOnlySet<string> Types = EventTypeNames.Of(
        typeof(InvitationIssued), typeof(InvitationAccepted), typeof(InvitationDeclined), typeof(InvitationRevoked));

    public string Name => "companies.invitations";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string TableSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id              uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            company_id      uuid        NOT NULL,
            version         bigint      NOT NULL,
            email           text,
            role            text,
            invited_by      uuid,
            created_at      timestamptz,
            expires_at      timestamptz,
            status          text        NOT NULL,
            status_version  bigint      NOT NULL,
            responded_at    timestamptz,
            responded_by    uuid
        );
        CREATE INDEX {table.Index("by_company")} ON {table} (company_id, created_at);
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
            InvitationIssued i => new Change(i.InvitationId, i.CompanyId, new Issue(i.Email, i.Role, i.InvitedBy, i.IssuedAt, i.ExpiresAt), Pending, null, null),
            InvitationAccepted a => new Change(a.InvitationId, a.CompanyId, null, Accepted, a.AcceptedAt, a.UserId),
            InvitationDeclined d => new Change(d.InvitationId, d.CompanyId, null, Declined, d.DeclinedAt, d.UserId),
            InvitationRevoked r => new Change(r.InvitationId, r.CompanyId, null, Revoked, r.RevokedAt, r.RevokedBy),
            _ => null,
        };
        if (change is null)
        {
            return;
        }

        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS i
                (id, company_id, version, email, role, invited_by, created_at, expires_at, status, status_version, responded_at, responded_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $3, $10, $11)
            ON CONFLICT (id) DO UPDATE SET
                version = GREATEST(i.version, EXCLUDED.version),
                email = COALESCE(i.email, EXCLUDED.email),
                role = COALESCE(i.role, EXCLUDED.role),
                invited_by = COALESCE(i.invited_by, EXCLUDED.invited_by),
                created_at = COALESCE(i.created_at, EXCLUDED.created_at),
                expires_at = COALESCE(i.expires_at, EXCLUDED.expires_at),
                status = CASE WHEN EXCLUDED.status_version > i.status_version THEN EXCLUDED.status ELSE i.status END,
                responded_at = CASE WHEN EXCLUDED.status_version > i.status_version THEN EXCLUDED.responded_at ELSE i.responded_at END,
                responded_by = CASE WHEN EXCLUDED.status_version > i.status_version THEN EXCLUDED.responded_by ELSE i.responded_by END,
                status_version = GREATEST(i.status_version, EXCLUDED.status_version)
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = change.InvitationId });
        p.Add(new NpgsqlParameter { Value = change.CompanyId });
        p.Add(new NpgsqlParameter { Value = e.StreamVersion });
        p.Add(new NpgsqlParameter { Value = (object?)change.Issue?.Email ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)change.Issue?.Role ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)change.Issue?.InvitedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = (object?)change.Issue?.IssuedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = (object?)change.Issue?.ExpiresAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = change.Status });
        p.Add(new NpgsqlParameter { Value = (object?)change.RespondedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = (object?)change.RespondedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        await upsert.ExecuteNonQueryAsync(ct);
    }

    private sealed record Issue(string Email, string Role, Guid InvitedBy, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

    private sealed record Change(Guid InvitationId, Guid CompanyId, Issue? Issue, string Status, DateTimeOffset? RespondedAt, Guid? RespondedBy);
}
