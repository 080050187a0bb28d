using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using WellWon.Identity.Domain;

namespace WellWon.Identity.Shredding;

/// <summary>Configuration <c>Identity:MasterKey</c>: base64 of 32 random bytes (the AppHost passes it as a secret parameter).</summary>
public sealed class IdentityKeyOptions
{
    public const string Section = "Identity";

    [Required(ErrorMessage = "Identity:MasterKey is required: base64 of 32 random bytes (e.g. `openssl rand -base64 32`).")]
    public string MasterKey { get; set; } = string.Empty;
}

/// <summary>Checks at start-up that the master key is base64 of exactly 32 bytes.</summary>
public sealed class IdentityKeyOptionsValidator : IValidateOptions<IdentityKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityKeyOptions options) =>
        MasterKey.TryDecode(options.MasterKey, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Identity:MasterKey must be base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`).");
}

/// <summary>
/// The key that wraps every user's data key (AES-GCM, bound to the user id) and from which the e-mail lookup key is derived.
/// It never leaves configuration; the log and the database only ever see what it wrapped or hashed.
/// </summary>
public sealed class MasterKey
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _wrappingKey;
    private readonly byte[] _lookupKey;

    public MasterKey(IOptions<IdentityKeyOptions> options)
        : this(TryDecode(options.Value.MasterKey, out var key) ? key : throw new InvalidOperationException("Identity:MasterKey must be base64 of exactly 32 bytes."))
    {
    }

    public MasterKey(byte[] key)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(key.Length, 32, nameof(key));

        // Separate keys per purpose, so a wrapped data key and an address hash never share key material.
        _wrappingKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: "wellwon.identity.key-wrapping"u8.ToArray());
        _lookupKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: "wellwon.identity.email-lookup"u8.ToArray());
    }

    public static bool TryDecode(string? base64, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(base64))
        {
            return false;
        }

        try
        {
            key = Convert.FromBase64String(base64.Trim());
            return key.Length == 32;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The id of the e-mail's reservation stream: 128 bits of HMAC-SHA256 under a key derived from the master key, so the log
    /// cannot be searched for an address without the key, yet the same address always lands on the same stream.
    /// </summary>
    public Guid EmailReservationId(Email email)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_lookupKey, Encoding.UTF8.GetBytes(email.Value), mac);
        return new Guid(mac[..16]);
    }

    public byte[] Wrap(Guid userId, ReadOnlySpan<byte> dataKey)
    {
        var output = new byte[NonceSize + dataKey.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_wrappingKey, TagSize);
        aes.Encrypt(nonce, dataKey, output.AsSpan(NonceSize, dataKey.Length), output.AsSpan(NonceSize + dataKey.Length), userId.ToByteArray());
        return output;
    }

    public byte[] Unwrap(Guid userId, ReadOnlySpan<byte> wrapped)
    {
        var length = wrapped.Length - NonceSize - TagSize;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length, nameof(wrapped));
        var dataKey = new byte[length];
        using var aes = new AesGcm(_wrappingKey, TagSize);
        aes.Decrypt(wrapped[..NonceSize], wrapped.Slice(NonceSize, length), wrapped[(NonceSize + length)..], dataKey, userId.ToByteArray());
        return dataKey;
    }
}
