namespace WellWon.Documents.Storage;

/// <summary>What a put stored: the key, the SHA-256 of the bytes (lower-case hex) and their count, both computed while streaming.</summary>
public sealed record StoredBlob(string Key, string Sha256, long Length);

/// <summary>
/// Where document content lives (a directory or an S3-compatible bucket). Keys are opaque paths of lower-case letters, digits,
/// '-' and '/' (<see cref="BlobKeys"/>). A put either stores every byte under the key or leaves nothing there.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Streams <paramref name="content"/> to <paramref name="key"/> (replacing what is there), hashing as it goes; more than
    /// <paramref name="maxLength"/> bytes throws <see cref="BlobTooLargeException"/> and, like any other failure, stores nothing.
    /// </summary>
    Task<StoredBlob> PutAsync(string key, Stream content, long maxLength, CancellationToken ct);

    /// <summary>The content as a stream the caller disposes, or null when nothing is stored under the key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    /// <summary>Removes the key; a key that holds nothing is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct);

    Task<bool> ExistsAsync(string key, CancellationToken ct);
}

/// <summary>The content was longer than the put allowed; nothing was stored.</summary>
public sealed class BlobTooLargeException(long maxLength) : IOException($"The content is larger than {maxLength} bytes.")
{
    public long MaxLength { get; } = maxLength;
}
