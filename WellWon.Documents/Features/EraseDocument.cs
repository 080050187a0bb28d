using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WellWon.Documents.Contracts;
using WellWon.Documents.Storage;
using WellWon.Platform.Tenancy;
using WellWon.Platform.Mediator;

namespace WellWon.Documents.Features;

/// <summary>
/// A manager (or above) erases a document (<c>DELETE /api/documents/{id}</c>): refused (409) while a declaration's retention holds
/// it; otherwise the erasure is an event, then the blobs are deleted and the content may be uploaded again as new.
/// </summary>
public sealed record EraseDocument(Guid DocumentId, Guid UserId) : ICommand<Unit>, IRequireAuthenticatedUser;

public sealed partial class EraseDocumentHandler(
    DocumentWrites writes, IBlobStore blobs, ContentIndex index, IOptions<DocumentsOptions> options, TimeProvider clock, ILogger<EraseDocumentHandler> logger)
    : ICommandHandler<EraseDocument, Unit>
{
    public async ValueTask<Unit> Handle(EraseDocument command, CancellationToken cancellationToken)
    {
        var erased = await writes.ChangeAsync(command.DocumentId, command.UserId, CompanyRole.Manager, d =>
        {
            d.Erase(command.UserId, clock.GetUtcNow(), options.Value.DeclarationRetention);
            return (DocumentErased)d.Changes[^1];
        }, cancellationToken);

        // The event is the erasure; the content follows it, and a failed delete is logged for a retry by hand.
        await index.ReleaseDocumentAsync(command.DocumentId, CancellationToken.None);
        foreach (var key in erased.BlobKeys)
        {
            try
            {
                await blobs.DeleteAsync(key, CancellationToken.None);
            }
            catch (Exception e)
            {
                LogBlobNotDeleted(logger, e, key, command.DocumentId);
            }
        }

        return Unit.Value;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Blob {BlobKey} of erased document {DocumentId} could not be deleted")]
    private static partial void LogBlobNotDeleted(ILogger logger, Exception exception, string blobKey, Guid documentId);
}
