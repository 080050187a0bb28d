using Npgsql;
using NpgsqlTypes;
using WellWon.Identity.Security;

namespace WellWon.Identity.Sessions;

/// <summary>What a one-time token is good for; a token of one purpose never works for another.</summary>
public enum TokenPurpose
{
    VerifyEmail,
    ResetPassword,
}

/// <summary>
/// Single-use, expiring tokens sent by e-mail (verification, password reset), kept as hashes in <c>identity.one_time_tokens</c>.
/// Issuing a new one retires the user's older unused ones of the same purpose.
/// </summary>
public sealed class OneTimeTokenStore(NpgsqlDataSource db, TimeProvider clock)
{
    public async Task<string> IssueAsync(Guid userId, TokenPurpose purpose, TimeSpan lifetime, CancellationToken ct)
    {
        var token = SecretTokens.New();
        var now = clock.GetUtcNow();
        await using var batch = db.CreateBatch();
        var retire = new NpgsqlBatchCommand(
            "UPDATE identity.one_time_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL");
        retire.Parameters.Add(new NpgsqlParameter { Value = userId });
        retire.Parameters.Add(new NpgsqlParameter { Value = Name(purpose) });
        retire.Parameters.Add(new NpgsqlParameter { Value = now });
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO identity.one_time_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = SecretTokens.Hash(token), NpgsqlDbType = NpgsqlDbType.Bytea });
        insert.Parameters.Add(new NpgsqlParameter { Value = userId });
        insert.Parameters.Add(new NpgsqlParameter { Value = Name(purpose) });
        insert.Parameters.Add(new NpgsqlParameter { Value = now });
        insert.Parameters.Add(new NpgsqlParameter { Value = now + lifetime });
        batch.BatchCommands.Add(retire);
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(ct);
        return token;
    }

    /// <summary>The user a live token belongs to, without using it up (so a rule that fails afterwards does not burn it).</summary>
    public async Task<Guid?> PeekAsync(string token, TokenPurpose purpose, CancellationToken ct)
    {
        await using var select = db.CreateCommand(
            "SELECT user_id FROM identity.one_time_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3");
        select.Parameters.Add(new NpgsqlParameter { Value = SecretTokens.Hash(token), NpgsqlDbType = NpgsqlDbType.Bytea });
        select.Parameters.Add(new NpgsqlParameter { Value = Name(purpose) });
        select.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        return await select.ExecuteScalarAsync(ct) is Guid userId ? userId : null;
    }

    /// <summary>Uses the token up; true for exactly one caller, and only while it is live.</summary>
    public async Task<bool> ConsumeAsync(string token, TokenPurpose purpose, Guid userId, CancellationToken ct)
    {
        await using var use = db.CreateCommand("""
            UPDATE identity.one_time_tokens SET used_at = $4
            WHERE token_hash = $1 AND purpose = $2 AND user_id = $3 AND used_at IS NULL AND expires_at > $4
            """);
        use.Parameters.Add(new NpgsqlParameter { Value = SecretTokens.Hash(token), NpgsqlDbType = NpgsqlDbType.Bytea });
        use.Parameters.Add(new NpgsqlParameter { Value = Name(purpose) });
        use.Parameters.Add(new NpgsqlParameter { Value = userId });
        use.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        return await use.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Retires every unused token of the user (account deleted).</summary>
    public async Task RetireAllAsync(Guid userId, CancellationToken ct)
    {
        await using var retire = db.CreateCommand("UPDATE identity.one_time_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL");
        retire.Parameters.Add(new NpgsqlParameter { Value = userId });
        retire.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        await retire.ExecuteNonQueryAsync(ct);
    }

    private static string Name(TokenPurpose purpose) => purpose switch
    {
        TokenPurpose.VerifyEmail => "verify-email",
        TokenPurpose.ResetPassword => "reset-password",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose)),
    };
}
