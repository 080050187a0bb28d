using WellWon.Identity.ReadModel;
using WellWon.Platform.Database;

namespace WellWon.Identity;

/// <summary>The <c>identity</c> schema: what lives outside the log (keys, sessions, one-time codes, the user number sequence) and the read model.</summary>
public static class IdentitySchema
{
    public const string Module = "identity";

    public const string Core = """
        CREATE SCHEMA IF NOT EXISTS identity;

        CREATE SEQUENCE identity.user_number_seq AS bigint START 1;

        -- Per-user data keys wrapped with the master key. wrapped_key NULL = destroyed: the user's sealed fields are erased everywhere.
        CREATE TABLE identity.user_keys (
            user_id      uuid PRIMARY KEY,
            wrapped_key  bytea,
            created_at   timestamptz NOT NULL,
            destroyed_at timestamptz
        );

        -- One row per refresh token (SHA-256 only); a family is one login's chain of rotations.
        CREATE TABLE identity.sessions (
            id         uuid PRIMARY KEY,
            family_id  uuid        NOT NULL,
            user_id    uuid        NOT NULL,
            token_hash bytea       NOT NULL UNIQUE,
            created_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            rotated_at timestamptz,
            revoked_at timestamptz
        );
        CREATE INDEX sessions_family_idx ON identity.sessions (family_id);
        CREATE INDEX sessions_live_user_idx ON identity.sessions (user_id) WHERE revoked_at IS NULL;

        -- Single-use e-mail codes (verification, password reset), SHA-256 only.
        CREATE TABLE identity.one_time_tokens (
            token_hash bytea PRIMARY KEY,
            user_id    uuid        NOT NULL,
            purpose    text        NOT NULL,
            created_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            used_at    timestamptz
        );
        CREATE INDEX one_time_tokens_unused_idx ON identity.one_time_tokens (user_id, purpose) WHERE used_at IS NULL;
        """;

    /// <summary>
    /// The first shape of <c>identity.user_profiles</c>, kept word for word: databases that applied migration 2 recorded its checksum.
    /// It creates the live table on a fresh database before any event exists (empty is then the right content), so the Api reads
    /// and writes profiles from its first request without waiting for a worker. It runs once per database, before any hosted
    /// service, and gives the names a rebuild's swap gives (<c>user_profiles_pkey</c>, <c>user_profiles_*_idx</c>), so the two never
    /// collide. From here on the table belongs to <see cref="UserProfileProjection.CreateTableSql"/>: a new shape goes there and is
    /// put in place by a rebuild, never by an ALTER migration (the next rebuild or integrity check would build the unaltered shape).
    /// </summary>
    public const string UserProfilesV1 = """
        CREATE TABLE identity.user_profiles (
            id             uuid PRIMARY KEY,
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
        CREATE INDEX user_profiles_user_type_idx ON identity.user_profiles (user_type) WHERE NOT deleted;
        CREATE INDEX user_profiles_user_number_idx ON identity.user_profiles (user_number);
        """;
}

/// <summary>The <c>identity</c> module's migrations, in order; an applied one is never edited, a new version is added instead.</summary>
public sealed class IdentityMigrations : IMigrationSource
{
    public IEnumerable<Migration> Migrations { get; } =
    [
        new(IdentitySchema.Module, 1, "create keys, sessions and one-time tokens", IdentitySchema.Core),
        new(IdentitySchema.Module, 2, "create user profiles", IdentitySchema.UserProfilesV1),
    ];
}
