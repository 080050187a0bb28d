using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace WellWon.Companies.Domain;

/// <summary>
/// The secret an invitee proves the invitation with: the company id (16 bytes) and 32 random bytes, base64url. Carrying the
/// company id lets accept and decline load the one stream that decides, without asking a read model. Only its SHA-256
/// is stored; a token is good for one answer, since the invitation stops being pending once answered.
/// </summary>
public static class InvitationToken
{
    private const int SecretBytes = 32;
    private const int TokenBytes = 16 + SecretBytes;

    public static string Issue(Guid companyId)
    {
        Span<byte> bytes = stackalloc byte[TokenBytes];
        companyId.TryWriteBytes(bytes[..16]);
        RandomNumberGenerator.Fill(bytes[16..]);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The company a well-formed token belongs to; false for anything else.</summary>
    public static bool TryReadCompany(string? token, out Guid companyId)
    {
        companyId = Guid.Empty;
        if (string.IsNullOrEmpty(token) || token.Length != Base64Url.GetEncodedLength(TokenBytes))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[TokenBytes];
        if (Base64Url.DecodeFromChars(token, bytes, out var read, out var written) != System.Buffers.OperationStatus.Done || written != TokenBytes || read != token.Length)
        {
            return false;
        }

        companyId = new Guid(bytes[..16]);
        return companyId != Guid.Empty;
    }

    /// <summary>Lower-case hex SHA-256 of the token, what events and state keep.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="token"/> hashes to <paramref name="tokenHash"/>, compared in constant time.</summary>
    public static bool Matches(string tokenHash, string? token) =>
        token is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(tokenHash));
}
