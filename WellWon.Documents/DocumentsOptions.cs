namespace WellWon.Documents;

/// <summary>
/// <c>Documents</c>: the upload limit, the key that signs download links and their lifetime, and how long a document linked to a
/// customs declaration is kept. The retention is data, not code: 5 years by default (the keeping period commonly applied to
/// customs documents; confirm it for the jurisdiction and set <c>Documents:DeclarationRetention</c>).
/// </summary>
public sealed class DocumentsOptions
{
    public const string Section = "Documents";

    public long MaxUploadBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>The HMAC-SHA256 key of download links (<c>documents-signing-key</c>); unset, a random per-process key is used.</summary>
    public string? SigningKey { get; set; }

    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan DeclarationRetention { get; set; } = TimeSpan.FromDays(5 * 365 + 1);

    /// <summary>An upload still unfinished after this long is abandoned: the sweep deletes its blob.</summary>
    public TimeSpan AbandonedUploadAge { get; set; } = TimeSpan.FromHours(1);

    public bool IsValid() =>
        MaxUploadBytes > 0 && LinkLifetime > TimeSpan.Zero && DeclarationRetention >= TimeSpan.Zero && AbandonedUploadAge > TimeSpan.Zero;
}
