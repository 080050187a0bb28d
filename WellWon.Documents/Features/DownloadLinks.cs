using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WellWon.Documents.Features;

/// <summary>What a signed download link carries besides the document and version: who it was issued to, until when, and the signature.</summary>
public sealed record SignedLink(Guid UserId, long Expires, string Signature);

/// <summary>
/// Signs and checks download links: HMAC-SHA256 with <c>Documents:SigningKey</c> over the document, the version, the user the link was
/// issued to and its expiry (Unix seconds), base64url. Compared in constant time. Without a configured key, a random one is made for
/// this process (links then die with it; the AppHost always passes <c>documents-signing-key</c>).
/// </summary>
public sealed partial class DownloadLinks
{
    private readonly byte[] _key;

    public DownloadLinks(IOptions<DocumentsOptions> options, ILogger<DownloadLinks> logger)
    {
        if (options.Value.SigningKey is { Length: > 0 } configured)
        {
            _key = Encoding.UTF8.GetBytes(configured);
        }
        else
        {
            _key = RandomNumberGenerator.GetBytes(32);
            LogEphemeralKey(logger);
        }
    }

    public static string PathOf(Guid documentId, int version) => $"/api/documents/{documentId}/versions/{version}/content";

    /// <summary>The link's path and query: <c>/api/documents/{id}/versions/{n}/content?user=&amp;expires=&amp;sig=</c>.</summary>
    public string Create(Guid documentId, int version, Guid userId, DateTimeOffset expiresAt)
    {
        var expires = expiresAt.ToUnixTimeSeconds();
        return $"{PathOf(documentId, version)}?user={userId:N}&expires={expires.ToString(CultureInfo.InvariantCulture)}&sig={Sign(documentId, version, userId, expires)}";
    }

    public bool IsAuthentic(Guid documentId, int version, SignedLink link)
    {
        Span<byte> given = stackalloc byte[32];
        if (!TryDecode(link.Signature, given))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(_key, Payload(documentId, version, link.UserId, link.Expires), expected);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private string Sign(Guid documentId, int version, Guid userId, long expires) =>
        Base64Url(HMACSHA256.HashData(_key, Payload(documentId, version, userId, expires)));

    private static byte[] Payload(Guid documentId, int version, Guid userId, long expires) =>
        Encoding.ASCII.GetBytes($"{documentId:N}.{version.ToString(CultureInfo.InvariantCulture)}.{userId:N}.{expires.ToString(CultureInfo.InvariantCulture)}");

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string signature, Span<byte> into)
    {
        if (signature.Length != 43)
        {
            return false;
        }

        var base64 = signature.Replace('-', '+').Replace('_', '/') + "=";
        return Convert.TryFromBase64String(base64, into, out var written) && written == 32;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Documents:SigningKey is not set: download links are signed with a random key and stop working when this process stops")]
    private static partial void LogEphemeralKey(ILogger logger);
}
