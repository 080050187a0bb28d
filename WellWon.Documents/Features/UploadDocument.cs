using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using WellWon.Documents.Contracts;
using WellWon.Documents.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Documents.Features;

/// <summary>
/// A member of <see cref="CompanyId"/> files a new document: its type, a title (the file's name when none is given), links to the
/// company's shipments, declarations, purchase orders or invoices, and the content as a stream (<c>POST /api/documents</c>, multipart).
/// </summary>
public sealed record UploadDocument(
    Guid UserId, Guid CompanyId, string? Type, string? Title, IReadOnlyList<DocumentLink> Links, string? FileName, [property: JsonIgnore] Stream Content)
    : ICommand<UploadOutcome>, IRequireAuthenticatedUser;

public sealed class UploadDocumentValidator : AbstractValidator<UploadDocument>
{
    public UploadDocumentValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company that files the document (companyId).");
        RuleFor(x => x.Type).Must(t => DocumentTypes.All.Contains(t!)).WithErrorCode(DocumentErrors.TypeInvalid)
            .WithMessage($"'type' is one of: {string.Join(", ", DocumentTypes.All.Order())}.");
        RuleFor(x => x.Title).MaximumLength(Document.MaxTitleLength).WithErrorCode(DocumentErrors.TitleInvalid);
        RuleForEach(x => x.Links).Must(l => LinkKinds.All.Contains(l.Kind) && l.TargetId != Guid.Empty).WithErrorCode(DocumentErrors.LinkKindInvalid)
            .WithMessage($"A link names a kind ({string.Join(", ", LinkKinds.All.Order())}) and an id.");
    }
}

public sealed class UploadDocumentHandler(DocumentUploads uploads, IAggregateStore store, ICompanyAccess access, RequestContext context, TimeProvider clock)
    : ICommandHandler<UploadDocument, UploadOutcome>
{
    public async ValueTask<UploadOutcome> Handle(UploadDocument command, CancellationToken cancellationToken)
    {
        // Before a byte is stored: an outsider is told the company does not exist, a viewer that they may not upload.
        await access.RequireAsync(command.UserId, command.CompanyId, CompanyRole.Member, cancellationToken);
        context.TenantId = command.CompanyId;
        var id = Guid.CreateVersion7();
        return await uploads.StoreAsync(command.CompanyId, id, command.FileName, command.Content, async content =>
        {
            var title = string.IsNullOrWhiteSpace(command.Title) ? Path.GetFileNameWithoutExtension(content.FileName) : command.Title;
            var document = Document.Upload(id, command.CompanyId, command.Type!, title, content, command.Links, command.UserId, clock.GetUtcNow());
            await store.SaveAsync(document, cancellationToken);
            return 1;
        }, cancellationToken);
    }
}
