using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WellWon.Documents.Contracts;
using WellWon.Documents.Domain;
using WellWon.Documents.Storage;
using WellWon.Platform.Kernel;

namespace WellWon.Documents.Features;

/// <summary>
/// What an upload answers: the document and version that hold the content, and whether it was already there
/// (<see cref="Duplicate"/>: nothing new was stored, the existing document and version are named).
/// </summary>
public sealed record UploadOutcome(Guid DocumentId, int Version, bool Duplicate, string Sha256, long Size, string MediaType, string FileName);

/// <summary>
/// How content gets in, for a new document and for a new version alike: the type is sniffed from the first bytes (an unknown type,
/// or a name claiming another type, is refused before anything is stored); the bytes stream to the blob store, hashed on the way and
/// cut off past the size limit; the hash is reserved in the company's content index (a duplicate answers the existing version and
/// its blob is deleted); the events are appended; and on any failure the reservation is released and the blob deleted. The upload is
/// listed in <c>documents.uploads</c> from before the first byte to the end, so a crash in between leaves a row the sweep cleans.
/// </summary>
public sealed partial class DocumentUploads(
    IBlobStore blobs, ContentIndex index, IAggregateStore store, IOptions<DocumentsOptions> options, TimeProvider clock, ILogger<DocumentUploads> logger)
{
    /// <summary>A reservation this old and still not recorded belongs to an upload that died; a new upload may take it over.</summary>
    public static readonly TimeSpan StaleReservation = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Stores <paramref name="content"/> for <paramref name="documentId"/> of <paramref name="companyId"/>; <paramref name="record"/>
    /// appends the events for the stored content and returns the version number it became.
    /// </summary>
    public async Task<UploadOutcome> StoreAsync(
        Guid companyId, Guid documentId, string? fileName, Stream content, Func<StoredContent, Task<int>> record, CancellationToken ct)
    {
        var maxBytes = options.Value.MaxUploadBytes;
        var head = new byte[(int)Math.Min(ContentSniffer.Window, maxBytes + 1)];
        var headLength = await FillAsync(content, head, ct);
        if (headLength == 0)
        {
            throw new DomainException(DocumentErrors.FileEmpty, "An empty file is not a document.");
        }

        var type = Sniff(head.AsSpan(0, headLength), fileName);
        var name = ContentSniffer.SafeFileName(fileName, type);
        var key = BlobKeys.ForUpload(companyId, Guid.CreateVersion7());
        await index.BeginUploadAsync(key, companyId, clock.GetUtcNow(), ct);
        StoredBlob blob;
        try
        {
            await using var whole = new PrefixedStream(head.AsMemory(0, headLength), content);
            blob = await blobs.PutAsync(key, whole, maxBytes, ct);
        }
        catch (BlobTooLargeException)
        {
            await index.EndUploadAsync(key, CancellationToken.None);
            throw new DocumentProblemException(StatusCodes.Status413PayloadTooLarge, DocumentErrors.TooLarge,
                $"A document may have at most {maxBytes / (1024 * 1024.0):0.#} MB ({maxBytes} bytes).");
        }

        var stored = new StoredContent(key, blob.Sha256, blob.Length, type.MediaType, name);
        try
        {
            if (await ReserveAsync(companyId, documentId, stored, ct) is { } duplicate)
            {
                await DiscardAsync(key);
                return duplicate;
            }

            int version;
            try
            {
                version = await record(stored);
            }
            catch
            {
                await index.ReleaseAsync(companyId, stored.Sha256, key, CancellationToken.None);
                throw;
            }

            await index.CommitAsync(companyId, stored.Sha256, key, CancellationToken.None);
            await index.EndUploadAsync(key, CancellationToken.None);
            return new UploadOutcome(documentId, version, false, stored.Sha256, stored.Size, stored.MediaType, stored.FileName);
        }
        catch
        {
            await DiscardAsync(key);
            throw;
        }
    }

    /// <summary>Null when the hash is now this upload's; else the duplicate answer naming the version that holds the content.</summary>
    private async Task<UploadOutcome?> ReserveAsync(Guid companyId, Guid documentId, StoredContent stored, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = clock.GetUtcNow();
            if (await index.TryReserveAsync(companyId, stored.Sha256, documentId, stored.BlobKey, now, ct) is not { } held)
            {
                return null;
            }

            var holder = await store.TryLoadAsync<Document>(held.DocumentId, ct);
            if (holder is { Exists: true } && holder.State.WithContent(stored.Sha256) is { } existing)
            {
                return new UploadOutcome(held.DocumentId, existing.Number, true, existing.Content.Sha256, existing.Content.Size, existing.Content.MediaType, existing.Content.FileName);
            }

            if (!held.Committed && now - held.ReservedAt < StaleReservation)
            {
                throw DuplicateInFlight();
            }

            // The holder died before recording, or its document was erased: the content is free again.
            if (await index.TakeOverAsync(companyId, stored.Sha256, held.BlobKey, documentId, stored.BlobKey, now, ct))
            {
                return null;
            }
        }

        throw DuplicateInFlight();
    }

    private static SniffedType Sniff(ReadOnlySpan<byte> head, string? fileName)
    {
        var type = ContentSniffer.Sniff(head) ?? throw new DocumentProblemException(
            StatusCodes.Status415UnsupportedMediaType, DocumentErrors.ContentNotAllowed,
            $"The file's content is not one of the accepted types ({string.Join(", ", ContentSniffer.Accepted.Select(t => t.Name))}); types are recognised by their content, not their name.");
        if (ContentSniffer.ClaimedBy(fileName) is { } claimed && claimed != type)
        {
            throw new DocumentProblemException(StatusCodes.Status415UnsupportedMediaType, DocumentErrors.ContentMismatch,
                $"The file is named as {claimed.Name} ('{Path.GetExtension(fileName)}') but its content is {type.Name}: the name must not claim another type than the content.");
        }

        return type;
    }

    // Not the request's token: a client that went away must not leave the blob behind.
    private async Task DiscardAsync(string key)
    {
        try
        {
            await blobs.DeleteAsync(key, CancellationToken.None);
            await index.EndUploadAsync(key, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The uploads row stays, so the sweep deletes the blob later.
            LogDiscardFailed(logger, e, key);
        }
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob {BlobKey} of a failed upload could not be deleted; the abandoned-upload sweep will")]
    private static partial void LogDiscardFailed(ILogger logger, Exception exception, string blobKey);

    /// <summary>The same content is being uploaded in this company right now; answered 409.</summary>
    private static DocumentProblemException DuplicateInFlight() => new(
        StatusCodes.Status409Conflict, DocumentErrors.UploadInFlight, "The same content is being uploaded to this company right now; try again in a moment.");

    /// <summary>The bytes already read for sniffing, then the rest of the source.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_offset < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - _offset);
                prefix.Span.Slice(_offset, n).CopyTo(buffer);
                _offset += n;
                return n;
            }

            return rest.Read(buffer);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_offset < prefix.Length)
            {
                return ValueTask.FromResult(Read(buffer.Span));
            }

            return rest.ReadAsync(buffer, cancellationToken);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
