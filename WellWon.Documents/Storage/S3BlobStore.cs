using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace WellWon.Documents.Storage;

/// <summary>
/// Where an S3-compatible store is: <c>http(s)://accessKey:secretKey@host:port/bucket</c> (MinIO, or AWS with its regional endpoint).
/// Path-style addressing unless <see cref="PathStyle"/> is false, since MinIO and local endpoints have no per-bucket host names.
/// </summary>
public sealed record S3Location(Uri ServiceUrl, string Bucket, string AccessKey, string SecretKey, string Region = "us-east-1", bool PathStyle = true)
{
    public static S3Location Parse(string url)
    {
        var uri = new Uri(url, UriKind.Absolute);
        var credentials = uri.UserInfo.Split(':', 2);
        var bucket = uri.AbsolutePath.Trim('/');
        if (credentials.Length != 2 || bucket.Length == 0 || bucket.Contains('/', StringComparison.Ordinal))
        {
            throw new FormatException("An S3 location reads http(s)://accessKey:secretKey@host:port/bucket.");
        }

        return new S3Location(
            new Uri(uri.GetLeftPart(UriPartial.Authority).Replace(uri.UserInfo + "@", string.Empty, StringComparison.Ordinal)),
            bucket,
            Uri.UnescapeDataString(credentials[0]),
            Uri.UnescapeDataString(credentials[1]));
    }

    public IAmazonS3 CreateClient() => new AmazonS3Client(
        new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonS3Config
        {
            ServiceURL = ServiceUrl.ToString(),
            AuthenticationRegion = Region,
            ForcePathStyle = PathStyle,
            // MinIO and older S3-compatible stores reject the newer default trailing checksums on streamed parts.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
}

/// <summary>
/// Blobs in an S3-compatible bucket (containers mode: MinIO). A put reads the content one part at a time (<see cref="PartSize"/>,
/// never the whole file): content that fits in one part is one PutObject, longer content a multipart upload that is aborted on any
/// failure, so S3 never shows a partial object. The bucket is created on first use when missing.
/// </summary>
public sealed class S3BlobStore(IAmazonS3 s3, string bucket) : IBlobStore, IDisposable
{
    /// <summary>S3's smallest part but the last.</summary>
    public const int PartSize = 5 * 1024 * 1024;

    private readonly SemaphoreSlim _bucketGate = new(1, 1);
    private bool _bucketReady;

    public string Bucket { get; } = bucket;

    public async Task<StoredBlob> PutAsync(string key, Stream content, long maxLength, CancellationToken ct)
    {
        BlobKeys.Validate(key);
        await EnsureBucketAsync(ct);
        using var hashing = new HashingReadStream(content, maxLength);
        var buffer = new byte[PartSize];
        var filled = await FillAsync(hashing, buffer, ct);
        if (filled < PartSize)
        {
            using var single = new MemoryStream(buffer, 0, filled, writable: false);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = single, AutoCloseStream = false }, ct);
            return new StoredBlob(key, hashing.Sha256Hex(), hashing.BytesRead);
        }

        var upload = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key }, ct);
        try
        {
            var parts = new List<PartETag>();
            for (var number = 1; filled > 0; number++)
            {
                using var part = new MemoryStream(buffer, 0, filled, writable: false);
                var uploaded = await s3.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = Bucket, Key = key, UploadId = upload.UploadId, PartNumber = number, InputStream = part, PartSize = filled,
                }, ct);
                parts.Add(new PartETag(number, uploaded.ETag));
                filled = await FillAsync(hashing, buffer, ct);
            }

            var complete = new CompleteMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = upload.UploadId };
            complete.AddPartETags(parts);
            await s3.CompleteMultipartUploadAsync(complete, ct);
            return new StoredBlob(key, hashing.Sha256Hex(), hashing.BytesRead);
        }
        catch
        {
            // Not the caller's token: an abandoned upload's parts would be kept (and billed) until a lifecycle rule removes them.
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = upload.UploadId }, CancellationToken.None);
            throw;
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        BlobKeys.Validate(key);
        try
        {
            var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, ct);
            return new OwningStream(response.ResponseStream, response);
        }
        catch (AmazonS3Exception e) when (IsMissing(e))
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        BlobKeys.Validate(key);
        try
        {
            await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key }, ct);
        }
        catch (AmazonS3Exception e) when (IsMissing(e))
        {
            // The bucket itself is gone: so is the blob.
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken ct)
    {
        BlobKeys.Validate(key);
        try
        {
            await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, ct);
            return true;
        }
        catch (AmazonS3Exception e) when (IsMissing(e))
        {
            return false;
        }
    }

    public void Dispose()
    {
        _bucketGate.Dispose();
        s3.Dispose();
    }

    private async Task EnsureBucketAsync(CancellationToken ct)
    {
        if (_bucketReady)
        {
            return;
        }

        await _bucketGate.WaitAsync(ct);
        try
        {
            if (!_bucketReady)
            {
                try
                {
                    await s3.PutBucketAsync(new PutBucketRequest { BucketName = Bucket }, ct);
                }
                catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
                {
                }

                _bucketReady = true;
            }
        }
        finally
        {
            _bucketGate.Release();
        }
    }

    private static bool IsMissing(AmazonS3Exception e) => e.StatusCode == HttpStatusCode.NotFound;

    private static async Task<int> FillAsync(Stream source, byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await source.ReadAsync(buffer.AsMemory(filled), ct)) > 0)
        {
            filled += read;
        }

        return filled;
    }

    /// <summary>The object's body, releasing the response (and its connection) with it.</summary>
    private sealed class OwningStream(Stream inner, IDisposable owner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                owner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
