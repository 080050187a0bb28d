using System.Text.Json;
using Npgsql;
using WellWon.Companies.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Companies.ReadModel;

/// <summary>A company as its participants see it (JSON camelCase); <see cref="MyRole"/> is the caller's role.</summary>
public sealed record CompanyView(
    Guid Id,
    string Name,
    string Country,
    string CompanyType,
    string? TaxId,
    CompanyAddress? Address,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? MyRole = null);

/// <summary>One line of "my companies": the company and the caller's role in it.</summary>
public sealed record MyCompany(Guid Id, string Name, string Country, string CompanyType, string Status, string Role, DateTimeOffset? JoinedAt);

public sealed record ParticipantView(Guid UserId, string Role, DateTimeOffset? JoinedAt);

/// <summary>An invitation for the company's admins; <see cref="Status"/> is pending, accepted, declined, revoked or expired.</summary>
public sealed record InvitationView(
    Guid Id,
    string Email,
    string Role,
    string Status,
    Guid? InvitedBy,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RespondedAt,
    Guid? RespondedBy);

/// <summary>
/// The queries' only source: Companies' read models, never the log. "My companies" is the participants read model by user,
/// joined with the directory when read, so a company's name lives in one row and never has to be copied per participant.
/// Rows whose founding event has not been applied yet are not shown.
/// </summary>
public sealed class CompanyReader(NpgsqlDataSource db)
{
    public async Task<CompanyView?> GetAsync(Guid companyId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("""
            SELECT id, name, country, company_type, tax_id, address, status, created_at, updated_at
            FROM companies.companies WHERE id = $1 AND country IS NOT NULL
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new CompanyView(
            reader.GetGuid(0),
            reader.IsDBNull(1) ? string.Empty : reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : JsonSerializer.Deserialize<CompanyAddress>(reader.GetString(5), EventTypeRegistry.JsonOptions),
            reader.GetString(6),
            reader.GetFieldValue<DateTimeOffset>(7),
            reader.GetFieldValue<DateTimeOffset>(8));
    }

    /// <summary>The companies <paramref name="userId"/> participates in, by name.</summary>
    public async Task<IReadOnlyList<MyCompany>> CompaniesOfAsync(Guid userId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("""
            SELECT c.id, c.name, c.country, c.company_type, c.status, p.role, p.joined_at
            FROM companies.participants p JOIN companies.companies c ON c.id = p.company_id
            WHERE p.user_id = $1 AND NOT p.removed AND c.country IS NOT NULL
            ORDER BY lower(c.name), c.id
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = userId });
        var companies = new List<MyCompany>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            companies.Add(new MyCompany(
                reader.GetGuid(0),
                reader.IsDBNull(1) ? string.Empty : reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return companies;
    }

    /// <summary>The company's current participants, owners first, then by joining time.</summary>
    public async Task<IReadOnlyList<ParticipantView>> ParticipantsAsync(Guid companyId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("""
            SELECT user_id, role, joined_at FROM companies.participants
            WHERE company_id = $1 AND NOT removed
            ORDER BY array_position(ARRAY['owner', 'admin', 'manager', 'member', 'viewer'], role), joined_at NULLS LAST, user_id
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        var participants = new List<ParticipantView>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            participants.Add(new ParticipantView(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return participants;
    }

    /// <summary>The company's invitations, newest first; a pending one past its expiry at <paramref name="now"/> reads as expired.</summary>
    public async Task<IReadOnlyList<InvitationView>> InvitationsAsync(Guid companyId, DateTimeOffset now, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT id, email, role,
                   CASE WHEN status = '{InvitationsProjection.Pending}' AND expires_at <= $2 THEN '{InvitationsProjection.Expired}' ELSE status END,
                   invited_by, created_at, expires_at, responded_at, responded_by
            FROM companies.invitations
            WHERE company_id = $1 AND email IS NOT NULL
            ORDER BY created_at DESC, id DESC
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        select.Parameters.Add(new NpgsqlParameter { Value = now });
        var invitations = new List<InvitationView>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            invitations.Add(new InvitationView(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetGuid(8)));
        }

        return invitations;
    }
}
