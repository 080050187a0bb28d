using FluentValidation;
using Mediator;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>The JSON body of <c>POST /api/shipments/{id}/documents</c>: a document of the Documents context and its type.</summary>
public sealed record AttachDocumentRequest(Guid DocumentId, string? Type = null);

/// <summary>A member refers the shipment to a document (invoice, packing list, B/L…); attaching it again with another type re-types it.</summary>
public sealed record AttachDocument(Guid ShipmentId, Guid UserId, Guid DocumentId, string? Type) : ICommand, IRequireAuthenticatedUser;

public sealed class AttachDocumentValidator : AbstractValidator<AttachDocument>
{
    public AttachDocumentValidator()
    {
        RuleFor(x => x.DocumentId).NotEmpty();
        RuleFor(x => x.Type).Must(t => ShipmentDocumentTypes.All.Contains(t ?? string.Empty)).WithErrorCode(ShipmentErrors.DocumentTypeInvalid)
            .WithMessage($"'type' is one of: {string.Join(", ", ShipmentDocumentTypes.All.Order())}.");
    }
}

public sealed class AttachDocumentHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<AttachDocument>
{
    public async ValueTask<Unit> Handle(AttachDocument command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.ShipmentId, command.UserId, RuleFields.FromItem, shipment =>
        {
            shipment.AttachDocument(command.DocumentId, command.Type!, command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
