using System.Text.RegularExpressions;

namespace WellWon.Documents.Storage;

/// <summary>
/// Blob keys: one per uploaded version, <c>{companyId:N}/{uploadId:N}</c>. Keyed per upload rather than by content hash, because
/// the hash is known only once the bytes are written (S3 has no rename, so the final key must be chosen first), no blob is shared
/// between companies (nobody learns that another tenant holds a file) and erasing a document deletes exactly its own blobs.
/// </summary>
public static partial class BlobKeys
{
    public static string ForUpload(Guid companyId, Guid uploadId) => $"{companyId:N}/{uploadId:N}";

    /// <summary>Throws unless the key is 1..200 characters of a-z, 0-9, '-' and '/', with no empty, '.' or '..' segment.</summary>
    public static string Validate(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200 || !Shape().IsMatch(key))
        {
            throw new ArgumentException($"'{key}' is not a blob key (lower-case letters, digits, '-' and '/' between non-empty segments).", nameof(key));
        }

        return key;
    }

    [GeneratedRegex("^[a-z0-9-]+(/[a-z0-9-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
