using System.Security.Cryptography;
using System.Text;
using WellWon.Identity.Contracts;
using WellWon.Identity.Domain;

namespace WellWon.Identity.Shredding;

/// <summary>
/// AES-256-GCM with one user's data key. A sealed field is <c>v1.</c> + base64url(nonce ‖ ciphertext ‖ tag), authenticated with the
/// user id so a field cannot be moved to another user. Without the key (destroyed) every field opens as null.
/// </summary>
public sealed class PersonalDataCipher : IPersonalDataCipher
{
    private const string Prefix = "v1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[]? _key;
    private readonly byte[] _associatedData;

    public PersonalDataCipher(Guid userId, byte[]? key)
    {
        if (key is not null && key.Length != 32)
        {
            throw new ArgumentException("A data key has 32 bytes.", nameof(key));
        }

        UserId = userId;
        _key = key;
        _associatedData = userId.ToByteArray();
    }

    public Guid UserId { get; }

    public bool IsErased => _key is null;

    /// <summary>The cipher of a user whose key is gone (or never existed): nothing opens.</summary>
    public static PersonalDataCipher Erased(Guid userId) => new(userId, null);

    public Sealed Seal(string plain)
    {
        var key = _key ?? throw new InvalidOperationException($"The data key of user {UserId} is destroyed; nothing more can be sealed.");
        var plainBytes = Encoding.UTF8.GetBytes(plain);
        var output = new byte[NonceSize + plainBytes.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plainBytes, output.AsSpan(NonceSize, plainBytes.Length), output.AsSpan(NonceSize + plainBytes.Length), _associatedData);
        return new Sealed(Prefix + Base64Url(output));
    }

    public string? Open(Sealed value)
    {
        if (_key is null || string.IsNullOrEmpty(value.Ciphertext))
        {
            return null;
        }

        if (!value.Ciphertext.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new CryptographicException("Unknown sealed field format.");
        }

        var input = FromBase64Url(value.Ciphertext[Prefix.Length..]);
        if (input.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("A sealed field is too short.");
        }

        var length = input.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize, length), input.AsSpan(NonceSize + length), plain, _associatedData);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Opens an optional field: null stays null.</summary>
    public string? Open(Sealed? value) => value is { } v ? Open(v) : null;

    internal static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
