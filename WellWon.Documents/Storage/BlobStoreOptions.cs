namespace WellWon.Documents.Storage;

/// <summary>
/// <c>Documents:Storage</c>: <c>Provider</c> FileSystem (default; <c>Root</c> is the directory) or S3 (<c>S3Url</c> is
/// <c>http(s)://accessKey:secretKey@host:port/bucket</c>, path-style addressing).
/// </summary>
public sealed class BlobStoreOptions
{
    public const string Section = "Documents:Storage";
    public const string FileSystem = "FileSystem";
    public const string S3 = "S3";

    public string Provider { get; set; } = FileSystem;

    /// <summary>The file-system store's directory; the AppHost passes the data root's <c>documents</c> folder.</summary>
    public string Root { get; set; } = Path.Combine(Path.GetTempPath(), "wellwon", "documents");

    public string? S3Url { get; set; }

    public bool IsValid() => Provider switch
    {
        FileSystem => !string.IsNullOrWhiteSpace(Root),
        S3 => Uri.TryCreate(S3Url, UriKind.Absolute, out _),
        _ => false,
    };
}
