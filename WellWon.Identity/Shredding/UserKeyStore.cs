using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace WellWon.Identity.Shredding;

/// <summary>
/// Per-user data keys in <c>identity.user_keys</c>, outside the log and wrapped with the master key. Destroying a key is the
/// erasure: the sealed fields in every event of that user, in every copy of the log, can no longer be opened.
/// </summary>
public sealed class UserKeyStore(NpgsqlDataSource db, MasterKey master, TimeProvider clock)
{
    /// <summary>The user's cipher, creating the key on first use; a destroyed key is never recreated.</summary>
    public async Task<PersonalDataCipher> GetOrCreateAsync(Guid userId, CancellationToken ct)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        await using (var insert = db.CreateCommand("""
            INSERT INTO identity.user_keys (user_id, wrapped_key, created_at) VALUES ($1, $2, $3)
            ON CONFLICT (user_id) DO NOTHING
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = userId });
            insert.Parameters.Add(new NpgsqlParameter { Value = master.Wrap(userId, dataKey), NpgsqlDbType = NpgsqlDbType.Bytea });
            insert.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
            if (await insert.ExecuteNonQueryAsync(ct) == 1)
            {
                return new PersonalDataCipher(userId, dataKey);
            }
        }

        return await GetAsync(userId, ct);
    }

    /// <summary>The user's cipher; an erased one when the key was destroyed or never made.</summary>
    public async Task<PersonalDataCipher> GetAsync(Guid userId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT wrapped_key FROM identity.user_keys WHERE user_id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = userId });
        var wrapped = await select.ExecuteScalarAsync(ct);
        return wrapped is byte[] bytes
            ? new PersonalDataCipher(userId, master.Unwrap(userId, bytes))
            : PersonalDataCipher.Erased(userId);
    }

    /// <summary>Destroys the user's key for good (idempotent). A tombstone row stays so the key is never made again.</summary>
    public async Task DestroyAsync(Guid userId, CancellationToken ct)
    {
        await using var destroy = db.CreateCommand("""
            INSERT INTO identity.user_keys (user_id, wrapped_key, created_at, destroyed_at) VALUES ($1, NULL, $2, $2)
            ON CONFLICT (user_id) DO UPDATE SET wrapped_key = NULL, destroyed_at = COALESCE(identity.user_keys.destroyed_at, EXCLUDED.destroyed_at)
            """);
        destroy.Parameters.Add(new NpgsqlParameter { Value = userId });
        destroy.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        await destroy.ExecuteNonQueryAsync(ct);
    }
}
