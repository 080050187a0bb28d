using System.Collections.Frozen;
using System.Reflection;
using Npgsql;
using WellWon.Identity.Contracts;
using WellWon.Identity.Domain;
using WellWon.Identity.Shredding;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;

namespace WellWon.Identity.ReadModel;

/// <summary>
/// <c>identity.user_profiles</c>: one row per account, personal fields opened with the user's key (so a replay after deletion
/// finds them erased). Each row records the stream version it reflects; an event at or below it changes nothing, and when
/// earlier events of the stream are missing (a sync run that timed out) they are read from the stream first, so no partial
/// update is ever lost or applied out of order. Every column comes from the events, so a rebuild or an integrity check's
/// replay (<see cref="IRebuildableProjection"/>) writes exactly the rows the live path wrote.
/// </summary>
[SyncProjection] // the user who registers or edits the profile reads it back at once
public sealed class UserProfileProjection(NpgsqlDataSource db, IEventStore events, EventTypeRegistry registry, UserKeyStore keys)
    : IRebuildableProjection, INotifyingProjection
{
    public const string Erased = "[erased]";

    public const string ProjectionName = "identity.user-profiles";

    /// <summary>What the UI calls a profile in a change notification.</summary>
    public const string Entity = "user-profile";

    public static readonly ProjectionTable LiveTable = new("identity", "user_profiles");

    private const string StreamPrefix = "identity-user-";

    private const string RowColumns = "version, user_number, user_type, email, first_name, last_name, avatar_url, bio, phone, email_verified, deleted, created_at, updated_at";

    private const string Columns = "id, " + RowColumns;

    private static readonly FrozenSet<string> Types = new[]
    {
        typeof(UserAccountCreated), typeof(PasswordChanged), typeof(PasswordReset), typeof(UserAuthenticated), typeof(LoginFailed),
        typeof(ProfileUpdated), typeof(EmailVerified), typeof(UserRoleChanged), typeof(UserAccountDeleted),
    }.Select(t => t.GetCustomAttribute<EventTypeAttribute>()!.Name).ToFrozenSet(StringComparer.Ordinal);

    // What the profile screen shows changes with these; a login or a password change moves only the row's version.
    private static readonly FrozenSet<string> VisibleChanges = new[]
    {
        typeof(UserAccountCreated), typeof(ProfileUpdated), typeof(EmailVerified), typeof(UserRoleChanged), typeof(UserAccountDeleted),
    }.Select(t => t.GetCustomAttribute<EventTypeAttribute>()!.Name).ToFrozenSet(StringComparer.Ordinal);

    public string Name => ProjectionName;

    // Every event of the stream, even those that change no column, so a row's version follows the stream without gaps.
    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    /// <summary>
    /// The table's shape, named after <paramref name="table"/> (its primary key and indexes too, so a rebuild's swap gives them the
    /// live names). Identity's migration 2 (<see cref="IdentitySchema.UserProfilesV1"/>), which creates the live table on a fresh
    /// database, gives <see cref="LiveTable"/> exactly this shape and these names; a test holds the two together.
    /// </summary>
    public static string CreateTableSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id             uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            version        bigint      NOT NULL,
            user_number    bigint      NOT NULL,
            user_type      text        NOT NULL,
            email          text,
            first_name     text,
            last_name      text,
            avatar_url     text,
            bio            text,
            phone          text,
            email_verified boolean     NOT NULL DEFAULT false,
            deleted        boolean     NOT NULL DEFAULT false,
            created_at     timestamptz NOT NULL,
            updated_at     timestamptz NOT NULL
        );
        CREATE INDEX {table.Index("user_type_idx")} ON {table} (user_type) WHERE NOT deleted;
        CREATE INDEX {table.Index("user_number_idx")} ON {table} (user_number);
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var create = db.CreateCommand(CreateTableSql(table));
        await create.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The live path (the Api's sync run and the event processor): <see cref="ApplyAsync(RecordedEvent, ProjectionTable, CancellationToken)"/> on <see cref="LiveTable"/>.</summary>
    public Task ApplyAsync(RecordedEvent e, CancellationToken ct) => ApplyAsync(e, LiveTable, ct);

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        if (UserIdOf(e) is not { } userId)
        {
            return;
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var row = await LoadAsync(connection, tx, table, userId, ct);
        var current = row?.Version ?? -1;
        if (current >= e.StreamVersion)
        {
            return;
        }

        var pending = current == e.StreamVersion - 1 ? [e] : await ReadMissingAsync(e, current, ct);
        var cipher = await keys.GetAsync(userId, ct);
        foreach (var recorded in pending)
        {
            row = Fold(row, userId, recorded, cipher);
        }

        if (row is not null)
        {
            await SaveAsync(connection, tx, table, userId, row, ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// The user's own connections hear that their profile changed, with the stream version it now reflects. Pushed for every
    /// delivery of a visible change, whether this run wrote the row or the Api's sync run had already: the client ignores a version it holds.
    /// </summary>
    public IEnumerable<(ChangeAudience Audience, ChangeNotification Change)> ChangesFor(RecordedEvent e) =>
        VisibleChanges.Contains(e.EventType) && UserIdOf(e) is { } userId
            ? [(ChangeAudience.User(userId), new ChangeNotification(Entity, userId.ToString("D"), e.StreamVersion, Scope: null))]
            : [];

    private static Guid? UserIdOf(RecordedEvent e) =>
        e.StreamId.StartsWith(StreamPrefix, StringComparison.Ordinal) && Guid.TryParseExact(e.StreamId.AsSpan(StreamPrefix.Length), "N", out var userId)
            ? userId
            : null;

    private async Task<List<RecordedEvent>> ReadMissingAsync(RecordedEvent e, long current, CancellationToken ct)
    {
        var missing = new List<RecordedEvent>();
        var count = (int)Math.Min(int.MaxValue, e.StreamVersion - current);
        await foreach (var recorded in events.ReadStreamAsync(e.StreamId, current + 1, ReadDirection.Forwards, count, ct))
        {
            if (recorded.StreamVersion <= e.StreamVersion)
            {
                missing.Add(recorded);
            }
        }

        return missing;
    }

    private UserProfileRow? Fold(UserProfileRow? row, Guid userId, RecordedEvent recorded, PersonalDataCipher cipher)
    {
        var e = registry.Deserialize(recorded.EventType, recorded.Data);
        var version = recorded.StreamVersion;
        if (e is UserAccountCreated created)
        {
            return new UserProfileRow(
                version,
                created.UserNumber,
                created.UserType,
                cipher.Open(created.Email),
                cipher.Open(created.FirstName) ?? Erased,
                cipher.Open(created.LastName) ?? Erased,
                Optional(cipher, created.AvatarUrl),
                Optional(cipher, created.Bio),
                Optional(cipher, created.Phone),
                EmailVerified: false,
                Deleted: false,
                created.CreatedAt,
                created.CreatedAt);
        }

        if (row is null)
        {
            // A stream whose first event this build does not know; nothing to show.
            return null;
        }

        return e switch
        {
            ProfileUpdated p when !row.Deleted => row with
            {
                Version = version,
                FirstName = p.FirstName is { } first ? cipher.Open(first) ?? Erased : row.FirstName,
                LastName = p.LastName is { } last ? cipher.Open(last) ?? Erased : row.LastName,
                AvatarUrl = p.AvatarUrl is { } avatar ? Optional(cipher, avatar) : row.AvatarUrl,
                Bio = p.Bio is { } bio ? Optional(cipher, bio) : row.Bio,
                Phone = p.Phone is { } phone ? Optional(cipher, phone) : row.Phone,
                UpdatedAt = p.UpdatedAt,
            },
            EmailVerified v => row with { Version = version, EmailVerified = true, UpdatedAt = v.VerifiedAt },
            UserRoleChanged r => row with { Version = version, UserType = r.To, UpdatedAt = r.ChangedAt },
            UserAccountDeleted d => row with
            {
                Version = version,
                Email = null,
                FirstName = null,
                LastName = null,
                AvatarUrl = null,
                Bio = null,
                Phone = null,
                Deleted = true,
                UpdatedAt = d.DeletedAt,
            },
            _ => row with { Version = version },
        };
    }

    // An optional field cleared by an update is sealed as an empty string; an erased one opens as null.
    private static string? Optional(PersonalDataCipher cipher, Sealed? value) =>
        cipher.Open(value) is { Length: > 0 } plain ? plain : null;

    private static async Task<UserProfileRow?> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ProjectionTable table, Guid userId, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand($"SELECT {RowColumns} FROM {table} AS p WHERE p.id = $1 FOR UPDATE", connection, tx);
        select.Parameters.Add(new NpgsqlParameter { Value = userId });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new UserProfileRow(
            reader.GetInt64(0),
            reader.GetInt64(1),
            reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.GetBoolean(9),
            reader.GetBoolean(10),
            reader.GetFieldValue<DateTimeOffset>(11),
            reader.GetFieldValue<DateTimeOffset>(12));
    }

    private static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ProjectionTable table, Guid userId, UserProfileRow row, CancellationToken ct)
    {
        // The conflict clause names the row through the alias, so the same statement serves the live table and any copy of it.
        await using var upsert = new NpgsqlCommand($"""
            INSERT INTO {table} AS p ({Columns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (id) DO UPDATE SET
                version = EXCLUDED.version, user_number = EXCLUDED.user_number, user_type = EXCLUDED.user_type,
                email = EXCLUDED.email, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
                avatar_url = EXCLUDED.avatar_url, bio = EXCLUDED.bio, phone = EXCLUDED.phone,
                email_verified = EXCLUDED.email_verified, deleted = EXCLUDED.deleted,
                created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at
            WHERE p.version < EXCLUDED.version
            """, connection, tx);
        upsert.Parameters.Add(new NpgsqlParameter { Value = userId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = row.Version });
        upsert.Parameters.Add(new NpgsqlParameter { Value = row.UserNumber });
        upsert.Parameters.Add(new NpgsqlParameter { Value = row.UserType });
        foreach (var text in new[] { row.Email, row.FirstName, row.LastName, row.AvatarUrl, row.Bio, row.Phone })
        {
            upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)text ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        }

        upsert.Parameters.Add(new NpgsqlParameter { Value = row.EmailVerified });
        upsert.Parameters.Add(new NpgsqlParameter { Value = row.Deleted });
        upsert.Parameters.Add(new NpgsqlParameter { Value = row.CreatedAt });
        upsert.Parameters.Add(new NpgsqlParameter { Value = row.UpdatedAt });
        await upsert.ExecuteNonQueryAsync(ct);
    }

    private sealed record UserProfileRow(
        long Version,
        long UserNumber,
        string UserType,
        string? Email,
        string? FirstName,
        string? LastName,
        string? AvatarUrl,
        string? Bio,
        string? Phone,
        bool EmailVerified,
        bool Deleted,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt);
}
