namespace WellWon.Documents.Storage;

/// <summary>
/// Blobs as files under a root directory (the executables mode). A put writes a <c>.partial</c> file beside the target and renames
/// it into place only when every byte is on disk, so a reader never sees half a file and a failed put leaves nothing behind.
/// </summary>
public sealed class FileSystemBlobStore(string root) : IBlobStore
{
    public const string PartialSuffix = ".partial";

    public string Root { get; } = Path.GetFullPath(root);

    public async Task<StoredBlob> PutAsync(string key, Stream content, long maxLength, CancellationToken ct)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = $"{path}.{Guid.NewGuid():N}{PartialSuffix}";
        try
        {
            using var hashing = new HashingReadStream(content, maxLength);
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await hashing.CopyToAsync(file, 81920, ct);
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }

            File.Move(partial, path, overwrite: true);
            return new StoredBlob(key, hashing.Sha256Hex(), hashing.BytesRead);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        try
        {
            // FileShare.Delete: an erasure may remove the file while someone is still downloading it.
            Stream stream = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        try
        {
            File.Delete(PathOf(key));
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was ever stored under this company's folder.
        }

        return Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(string key, CancellationToken ct) => Task.FromResult(File.Exists(PathOf(key)));

    /// <summary>Removes <c>.partial</c> files older than <paramref name="age"/>, left by a process that died while writing; returns how many.</summary>
    public int SweepPartials(TimeSpan age, DateTimeOffset now)
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(Root, "*" + PartialSuffix, SearchOption.AllDirectories))
        {
            if (File.GetLastWriteTimeUtc(file) < now.UtcDateTime - age)
            {
                File.Delete(file);
                removed++;
            }
        }

        return removed;
    }

    private string PathOf(string key) => Path.Combine(Root, BlobKeys.Validate(key));
}
