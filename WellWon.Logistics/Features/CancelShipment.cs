using FluentValidation;
using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>The JSON body of <c>POST /api/shipments/{id}/cancel</c>.</summary>
public sealed record CancelShipmentRequest(string? Reason = null);

/// <summary>A member cancels a shipment that has not departed, saying why; afterwards it takes nothing but notes.</summary>
public sealed record CancelShipment(Guid ShipmentId, Guid UserId, string? Reason) : ICommand, IRequireAuthenticatedUser;

public sealed class CancelShipmentValidator : AbstractValidator<CancelShipment>
{
    public CancelShipmentValidator() =>
        RuleFor(x => x.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithErrorCode(ShipmentErrors.ReasonRequired)
            .WithMessage("Say why the shipment is cancelled.")
            .MaximumLength(ShipmentRules.ReasonMaxLength);
}

public sealed class CancelShipmentHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<CancelShipment>
{
    public async ValueTask<Unit> Handle(CancelShipment command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.ShipmentId, command.UserId, RuleFields.FromItem, shipment =>
        {
            shipment.Cancel(command.Reason!.Trim(), command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
