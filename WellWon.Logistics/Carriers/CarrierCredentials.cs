using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using WellWon.Logistics.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.Carriers;

/// <summary>
/// Carriers' API keys in <c>logistics.carrier_credentials</c>, sealed with AES-256-GCM under a key derived from
/// <c>Logistics:CredentialsKey</c> (base64 of 32 bytes, a secret like Identity's master key) and bound to the carrier's id, so a
/// sealed key cannot be moved to another carrier. The key never reaches events, logs or answers.
/// </summary>
public sealed class CarrierCredentials(NpgsqlDataSource db, IOptions<LogisticsOptions> options, TimeProvider clock)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public const string Table = """
        CREATE TABLE logistics.carrier_credentials (
            carrier_id uuid        PRIMARY KEY,
            sealed_key bytea       NOT NULL,
            set_at     timestamptz NOT NULL
        );
        """;

    private readonly Lazy<byte[]?> _key = new(() => DeriveKey(options.Value.CredentialsKey));

    /// <summary>True for base64 of exactly 32 bytes.</summary>
    public static bool IsValidKey(string? base64)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(base64) && Convert.FromBase64String(base64.Trim()).Length == 32;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public async Task SetAsync(Guid carrierId, string apiKey, CancellationToken ct)
    {
        var key = _key.Value ?? throw Unavailable();
        var plain = Encoding.UTF8.GetBytes(apiKey);
        var sealedKey = new byte[NonceSize + plain.Length + TagSize];
        RandomNumberGenerator.Fill(sealedKey.AsSpan(0, NonceSize));
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(sealedKey.AsSpan(0, NonceSize), plain, sealedKey.AsSpan(NonceSize, plain.Length), sealedKey.AsSpan(NonceSize + plain.Length), carrierId.ToByteArray());
        }

        await using var upsert = db.CreateCommand("""
            INSERT INTO logistics.carrier_credentials (carrier_id, sealed_key, set_at) VALUES ($1, $2, $3)
            ON CONFLICT (carrier_id) DO UPDATE SET sealed_key = excluded.sealed_key, set_at = excluded.set_at
            """);
        upsert.Parameters.Add(new NpgsqlParameter { Value = carrierId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = sealedKey, NpgsqlDbType = NpgsqlDbType.Bytea });
        upsert.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        await upsert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The carrier's API key, or null when none was set.</summary>
    public async Task<string?> GetAsync(Guid carrierId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT sealed_key FROM logistics.carrier_credentials WHERE carrier_id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = carrierId });
        if (await select.ExecuteScalarAsync(ct) is not byte[] sealedKey)
        {
            return null;
        }

        var key = _key.Value ?? throw Unavailable();
        var length = sealedKey.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedKey.AsSpan(0, NonceSize), sealedKey.AsSpan(NonceSize, length), sealedKey.AsSpan(NonceSize + length), plain, carrierId.ToByteArray());
        return Encoding.UTF8.GetString(plain);
    }

    // A purpose-bound key, so the configured secret is never used directly and could serve another purpose without clashing.
    private static byte[]? DeriveKey(string? base64) =>
        IsValidKey(base64)
            ? HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(base64!.Trim()), 32, info: "wellwon.logistics.carrier-credentials"u8.ToArray())
            : null;

    private static DomainException Unavailable() =>
        new(CarrierErrors.CredentialsUnavailable, "Carrier credentials cannot be stored or read: Logistics:CredentialsKey is not configured.");
}
