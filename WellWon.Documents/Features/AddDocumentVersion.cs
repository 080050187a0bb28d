using System.Text.Json.Serialization;
using Mediator;
using WellWon.Documents.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Documents.Features;

/// <summary>
/// A member uploads a new version of a document (<c>POST /api/documents/{id}/versions</c>, multipart): it becomes version n + 1.
/// The content is left out of the idempotency fingerprint (a stream is not data); a retried upload is recognised by its hash.
/// </summary>
public sealed record AddDocumentVersion(Guid DocumentId, Guid UserId, string? FileName, [property: JsonIgnore] Stream Content) : ICommand<UploadOutcome>, IRequireAuthenticatedUser;

public sealed class AddDocumentVersionHandler(DocumentUploads uploads, DocumentWrites writes, IAggregateStore store, TimeProvider clock)
    : ICommandHandler<AddDocumentVersion, UploadOutcome>
{
    public async ValueTask<UploadOutcome> Handle(AddDocumentVersion command, CancellationToken cancellationToken)
    {
        var document = await writes.LoadAsync(command.DocumentId, command.UserId, CompanyRole.Member, cancellationToken);
        return await uploads.StoreAsync(document.State.CompanyId, command.DocumentId, command.FileName, command.Content, async content =>
        {
            for (var attempt = 1; ; attempt++)
            {
                var version = document.AddVersion(content, command.UserId, clock.GetUtcNow());
                try
                {
                    await store.SaveAsync(document, cancellationToken);
                    return version;
                }
                catch (WrongExpectedVersionException) when (attempt < DocumentWrites.Attempts)
                {
                    // Another change landed first: the version number is decided again on the newest state.
                    document = await store.LoadAsync<Document>(command.DocumentId, cancellationToken);
                }
            }
        }, cancellationToken);
    }
}
