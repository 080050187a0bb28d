using FluentValidation;
using Mediator;
using WellWon.Documents.Contracts;
using WellWon.Documents.Domain;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Documents.Features;

/// <summary>The JSON body of <c>POST /api/documents/{id}/links</c>.</summary>
public sealed record LinkRequest(string? Kind, Guid TargetId);

/// <summary>A member links a document to a shipment, declaration, purchase order or invoice; linking again changes nothing.</summary>
public sealed record LinkDocument(Guid DocumentId, Guid UserId, string? Kind, Guid TargetId) : ICommand<Unit>, IRequireAuthenticatedUser;

/// <summary>A member removes a link (<c>DELETE /api/documents/{id}/links/{kind}/{targetId}</c>); removing one that is not there changes nothing.</summary>
public sealed record UnlinkDocument(Guid DocumentId, Guid UserId, string? Kind, Guid TargetId) : ICommand<Unit>, IRequireAuthenticatedUser;

public sealed class LinkDocumentValidator : AbstractValidator<LinkDocument>
{
    public LinkDocumentValidator()
    {
        RuleFor(x => x.Kind).Must(k => LinkKinds.All.Contains(k!)).WithErrorCode(DocumentErrors.LinkKindInvalid)
            .WithMessage($"'kind' is one of: {string.Join(", ", LinkKinds.All.Order())}.");
        RuleFor(x => x.TargetId).NotEmpty();
    }
}

public sealed class UnlinkDocumentValidator : AbstractValidator<UnlinkDocument>
{
    public UnlinkDocumentValidator()
    {
        RuleFor(x => x.Kind).Must(k => LinkKinds.All.Contains(k!)).WithErrorCode(DocumentErrors.LinkKindInvalid)
            .WithMessage($"'kind' is one of: {string.Join(", ", LinkKinds.All.Order())}.");
    }
}

public sealed class LinkDocumentHandler(DocumentWrites writes, TimeProvider clock) : ICommandHandler<LinkDocument, Unit>, ICommandHandler<UnlinkDocument, Unit>
{
    public async ValueTask<Unit> Handle(LinkDocument command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DocumentId, command.UserId, CompanyRole.Member, d =>
        {
            d.Link(new DocumentLink(command.Kind!, command.TargetId), command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);

    public async ValueTask<Unit> Handle(UnlinkDocument command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DocumentId, command.UserId, CompanyRole.Member, d =>
        {
            d.Unlink(new DocumentLink(command.Kind!, command.TargetId), command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
