using System.Security.Cryptography;
using WellWon.Documents.Storage;

namespace WellWon.Documents.Tests.Storage;

/// <summary>
/// What every blob store must do, whatever holds the bytes: a put streams and hashes, reads back exactly, replaces, refuses content
/// over its limit leaving nothing behind, and a failing source leaves nothing behind either; deletes and existence are idempotent.
/// </summary>
public abstract class BlobStoreConformance(BlobStoreTarget target)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IBlobStore Store
    {
        get
        {
            if (target.Unavailable is { } why)
            {
                Assert.Skip(why);
            }

            return target.Store;
        }
    }

    private static string Key() => BlobKeys.ForUpload(Guid.NewGuid(), Guid.NewGuid());

    [Theory]
    [InlineData(1)]
    [InlineData(70_000)]
    // Over one S3 part: the multipart path.
    [InlineData(S3BlobStore.PartSize * 2 + 12_345)]
    public async Task Put_streams_hashes_and_reads_back_the_same_bytes(int length)
    {
        var store = Store;
        var key = Key();
        var bytes = Samples.Random(length, length);

        // A non-seekable source, as an HTTP request body is.
        var stored = await store.PutAsync(key, new TrickleStream(bytes), length, Ct);

        Assert.Equal((key, Convert.ToHexStringLower(SHA256.HashData(bytes)), (long)length), (stored.Key, stored.Sha256, stored.Length));
        Assert.True(await store.ExistsAsync(key, Ct));
        Assert.Equal(bytes, await ReadAllAsync(store, key));
    }

    [Fact]
    public async Task A_put_replaces_what_the_key_held()
    {
        var store = Store;
        var key = Key();
        await store.PutAsync(key, new MemoryStream(Samples.Random(100, 1)), 1000, Ct);

        await store.PutAsync(key, new MemoryStream(Samples.Random(50, 2)), 1000, Ct);

        Assert.Equal(Samples.Random(50, 2), await ReadAllAsync(store, key));
    }

    [Fact]
    public async Task Content_over_the_limit_is_refused_and_nothing_is_stored()
    {
        var store = Store;
        var key = Key();

        var refused = await Assert.ThrowsAsync<BlobTooLargeException>(() => store.PutAsync(key, new TrickleStream(Samples.Random(S3BlobStore.PartSize + 10)), S3BlobStore.PartSize + 9, Ct));

        Assert.Equal(S3BlobStore.PartSize + 9, refused.MaxLength);
        Assert.False(await store.ExistsAsync(key, Ct));
        Assert.Null(await store.OpenReadAsync(key, Ct));
        await target.AssertNothingPartialAsync();
    }

    [Fact]
    public async Task A_source_that_breaks_midway_leaves_nothing_behind()
    {
        var store = Store;
        var key = Key();

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(key, new TrickleStream(Samples.Random(S3BlobStore.PartSize + 100), breakAfter: S3BlobStore.PartSize + 50), long.MaxValue, Ct));

        Assert.False(await store.ExistsAsync(key, Ct));
        await target.AssertNothingPartialAsync();
    }

    [Fact]
    public async Task Missing_keys_read_as_null_and_deletes_are_idempotent()
    {
        var store = Store;
        var key = Key();
        Assert.Null(await store.OpenReadAsync(key, Ct));
        Assert.False(await store.ExistsAsync(key, Ct));
        await store.DeleteAsync(key, Ct);

        await store.PutAsync(key, new MemoryStream([1, 2, 3]), 3, Ct);
        await store.DeleteAsync(key, Ct);
        await store.DeleteAsync(key, Ct);

        Assert.False(await store.ExistsAsync(key, Ct));
        Assert.Null(await store.OpenReadAsync(key, Ct));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a//b")]
    [InlineData("/absolute")]
    [InlineData("Upper/case")]
    public async Task Keys_that_could_leave_the_store_are_refused(string key) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, new MemoryStream([1]), 10, Ct));

    private static async Task<byte[]> ReadAllAsync(IBlobStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, Ct) ?? throw new InvalidOperationException($"{key} is missing.");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    /// <summary>A non-seekable source that hands out at most 7,001 bytes a read and can break after a number of bytes.</summary>
    private sealed class TrickleStream(byte[] bytes, long breakAfter = long.MaxValue) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= breakAfter)
            {
                throw new IOException("The connection was reset.");
            }

            var n = (int)Math.Min(Math.Min(count, 7001), Math.Min(bytes.Length - _position, breakAfter - _position));
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A store to run the suite against, or why it cannot run here.</summary>
public abstract class BlobStoreTarget : IAsyncLifetime
{
    public abstract string? Unavailable { get; }

    public abstract IBlobStore Store { get; }

    /// <summary>Checks that no half-written leftovers remain (temporary files, unfinished uploads).</summary>
    public virtual Task AssertNothingPartialAsync() => Task.CompletedTask;

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

public sealed class FileSystemTarget : BlobStoreTarget
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"wellwon-blobs-{Guid.NewGuid():N}");

    public override string? Unavailable => null;

    public override IBlobStore Store => new FileSystemBlobStore(_root);

    public override Task AssertNothingPartialAsync()
    {
        Assert.Empty(Directory.Exists(_root) ? Directory.EnumerateFiles(_root, "*" + FileSystemBlobStore.PartialSuffix, SearchOption.AllDirectories) : []);
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return base.DisposeAsync();
    }
}

/// <summary>An S3-compatible store named by <c>WELLWON_TEST_S3</c> (<c>http://key:secret@127.0.0.1:9000/bucket</c>); skipped, saying so, when unset.</summary>
public sealed class S3Target : BlobStoreTarget
{
    public const string Variable = "WELLWON_TEST_S3";

    private S3BlobStore? _store;

    public static string? Url => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url ? url : null;

    public override string? Unavailable => Url is null
        ? $"{Variable} is not set: this run needs an S3-compatible store, e.g. {Variable}='http://minioadmin:minioadmin@127.0.0.1:9000/wellwon-test' " +
          "(no MinIO or S3 is reachable from this machine). The same suite ran against the file-system store."
        : null;

    public override IBlobStore Store => _store ??= CreateStore();

    public override ValueTask DisposeAsync()
    {
        _store?.Dispose();
        return base.DisposeAsync();
    }

    private static S3BlobStore CreateStore()
    {
        var location = S3Location.Parse(Url!);
        return new S3BlobStore(location.CreateClient(), location.Bucket);
    }
}

public sealed class FileSystemBlobStoreTests(FileSystemTarget target) : BlobStoreConformance(target), IClassFixture<FileSystemTarget>;

public sealed class S3BlobStoreTests(S3Target target) : BlobStoreConformance(target), IClassFixture<S3Target>;
