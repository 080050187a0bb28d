using Npgsql;

namespace WellWon.Identity.ReadModel;

/// <summary>A user as the screens show it (JSON camelCase), read from <c>identity.user_profiles</c>.</summary>
public sealed record UserProfile(
    Guid Id,
    string? Email,
    string? FirstName,
    string? LastName,
    string? AvatarUrl,
    string? Bio,
    string? Phone,
    string UserType,
    long UserNumber,
    bool EmailVerified);

public sealed record UserPage(IReadOnlyList<UserProfile> Items, int Page, int PageSize, long Total);

/// <summary>The queries' only source: the read model, never the log. Deleted accounts are not shown.</summary>
public sealed class UserProfileReader(NpgsqlDataSource db)
{
    private const string Columns = "id, email, first_name, last_name, avatar_url, bio, phone, user_type, user_number, email_verified";

    public async Task<UserProfile?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT {Columns} FROM identity.user_profiles WHERE id = $1 AND NOT deleted");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>Accounts whose e-mail or name contains <paramref name="search"/> (case-insensitive), newest user number first.</summary>
    public async Task<UserPage> SearchAsync(string? search, int page, int pageSize, CancellationToken ct)
    {
        var pattern = string.IsNullOrWhiteSpace(search) ? null : "%" + EscapeLike(search.Trim()) + "%";
        await using var select = db.CreateCommand($"""
            SELECT {Columns}, count(*) OVER () FROM identity.user_profiles
            WHERE NOT deleted AND ($1::text IS NULL OR email ILIKE $1 OR first_name ILIKE $1 OR last_name ILIKE $1
                OR (first_name || ' ' || last_name) ILIKE $1)
            ORDER BY user_number DESC
            LIMIT $2 OFFSET $3
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = (object?)pattern ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        select.Parameters.Add(new NpgsqlParameter { Value = pageSize });
        select.Parameters.Add(new NpgsqlParameter { Value = (long)(page - 1) * pageSize });
        var items = new List<UserProfile>();
        long total = 0;
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(Read(reader));
            total = reader.GetInt64(10);
        }

        if (items.Count == 0 && page > 1)
        {
            total = await CountAsync(pattern, ct);
        }

        return new UserPage(items, page, pageSize, total);
    }

    /// <summary>Whether an administrator account exists (the start-up seeding asks before creating one).</summary>
    public async Task<bool> AnyAdministratorAsync(CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM identity.user_profiles WHERE user_type = 'ww_admin' AND NOT deleted)");
        return await select.ExecuteScalarAsync(ct) is true;
    }

    private async Task<long> CountAsync(string? pattern, CancellationToken ct)
    {
        await using var count = db.CreateCommand("""
            SELECT count(*) FROM identity.user_profiles
            WHERE NOT deleted AND ($1::text IS NULL OR email ILIKE $1 OR first_name ILIKE $1 OR last_name ILIKE $1
                OR (first_name || ' ' || last_name) ILIKE $1)
            """);
        count.Parameters.Add(new NpgsqlParameter { Value = (object?)pattern ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static UserProfile Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.IsDBNull(1) ? null : reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetString(7),
        reader.GetInt64(8),
        reader.GetBoolean(9));
}
