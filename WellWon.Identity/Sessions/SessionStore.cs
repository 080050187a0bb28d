using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using WellWon.Identity.Security;

namespace WellWon.Identity.Sessions;

/// <summary>A refresh token handed to the client, with the session (family) it belongs to.</summary>
public sealed record IssuedRefreshToken(string Token, Guid SessionId, Guid UserId);

/// <summary>
/// Sessions in <c>identity.sessions</c>: one row per refresh token (only its hash), grouped in a family that starts at login.
/// Refreshing rotates the token; presenting a token that was already rotated or revoked means it leaked, so the whole family is revoked.
/// </summary>
public sealed class SessionStore(NpgsqlDataSource db, IOptions<JwtOptions> options, TimeProvider clock)
{
    /// <summary>Starts a new session (a new family) at login.</summary>
    public Task<IssuedRefreshToken> StartAsync(Guid userId, CancellationToken ct) => InsertAsync(userId, Guid.NewGuid(), ct);

    /// <summary>
    /// Swaps a refresh token for a new one of the same family. Unknown or expired → null; already rotated or revoked → the family
    /// is revoked and null returned. A token can be rotated once even under concurrent requests (the row is locked).
    /// </summary>
    public async Task<IssuedRefreshToken?> RotateAsync(string refreshToken, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        Guid id, familyId, userId;
        bool spent;
        DateTimeOffset expiresAt;
        await using (var select = new NpgsqlCommand(
            "SELECT id, family_id, user_id, expires_at, rotated_at IS NOT NULL OR revoked_at IS NOT NULL FROM identity.sessions WHERE token_hash = $1 FOR UPDATE",
            connection,
            tx))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = SecretTokens.Hash(refreshToken), NpgsqlDbType = NpgsqlDbType.Bytea });
            await using var reader = await select.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            (id, familyId, userId, expiresAt, spent) =
                (reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4));
        }

        if (spent)
        {
            await RevokeFamilyAsync(connection, tx, familyId, now, ct);
            await tx.CommitAsync(ct);
            return null;
        }

        if (expiresAt <= now)
        {
            return null;
        }

        await using (var rotate = new NpgsqlCommand("UPDATE identity.sessions SET rotated_at = $2 WHERE id = $1", connection, tx))
        {
            rotate.Parameters.Add(new NpgsqlParameter { Value = id });
            rotate.Parameters.Add(new NpgsqlParameter { Value = now });
            await rotate.ExecuteNonQueryAsync(ct);
        }

        var next = await InsertAsync(connection, tx, userId, familyId, now, ct);
        await tx.CommitAsync(ct);
        return next;
    }

    /// <summary>Revokes one session (logout).</summary>
    public async Task RevokeAsync(Guid sessionId, Guid userId, CancellationToken ct)
    {
        await using var revoke = db.CreateCommand(
            "UPDATE identity.sessions SET revoked_at = $3 WHERE family_id = $1 AND user_id = $2 AND revoked_at IS NULL");
        revoke.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        revoke.Parameters.Add(new NpgsqlParameter { Value = userId });
        revoke.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        await revoke.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Revokes every session of the user but <paramref name="keep"/> (password changed, reset or account deleted).</summary>
    public async Task RevokeAllAsync(Guid userId, Guid? keep, CancellationToken ct)
    {
        await using var revoke = db.CreateCommand(
            "UPDATE identity.sessions SET revoked_at = $3 WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR family_id <> $2)");
        revoke.Parameters.Add(new NpgsqlParameter { Value = userId });
        revoke.Parameters.Add(new NpgsqlParameter { Value = keep.HasValue ? keep.Value : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        revoke.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        await revoke.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The family id of a refresh token, when it is known (logout by refresh token).</summary>
    public async Task<Guid?> FindSessionAsync(string refreshToken, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT family_id FROM identity.sessions WHERE token_hash = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = SecretTokens.Hash(refreshToken), NpgsqlDbType = NpgsqlDbType.Bytea });
        return await select.ExecuteScalarAsync(ct) is Guid familyId ? familyId : null;
    }

    private async Task<IssuedRefreshToken> InsertAsync(Guid userId, Guid familyId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await InsertAsync(connection, null, userId, familyId, clock.GetUtcNow(), ct);
    }

    private async Task<IssuedRefreshToken> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, Guid userId, Guid familyId, DateTimeOffset now, CancellationToken ct)
    {
        var token = SecretTokens.New();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO identity.sessions (id, family_id, user_id, token_hash, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            """, connection, tx);
        insert.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
        insert.Parameters.Add(new NpgsqlParameter { Value = familyId });
        insert.Parameters.Add(new NpgsqlParameter { Value = userId });
        insert.Parameters.Add(new NpgsqlParameter { Value = SecretTokens.Hash(token), NpgsqlDbType = NpgsqlDbType.Bytea });
        insert.Parameters.Add(new NpgsqlParameter { Value = now });
        insert.Parameters.Add(new NpgsqlParameter { Value = now + options.Value.RefreshTokenLifetime });
        await insert.ExecuteNonQueryAsync(ct);
        return new IssuedRefreshToken(token, familyId, userId);
    }

    private static async Task RevokeFamilyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid familyId, DateTimeOffset now, CancellationToken ct)
    {
        await using var revoke = new NpgsqlCommand(
            "UPDATE identity.sessions SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL", connection, tx);
        revoke.Parameters.Add(new NpgsqlParameter { Value = familyId });
        revoke.Parameters.Add(new NpgsqlParameter { Value = now });
        await revoke.ExecuteNonQueryAsync(ct);
    }
}
