using FluentValidation;
using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>
/// A member changes a container's type and seals before departure (<c>PUT /api/shipments/{id}/containers/{number}</c>); the number in the
/// path names it, a number in the body is ignored.
/// </summary>
public sealed record UpdateContainer(Guid ShipmentId, string Number, Guid UserId, ContainerInput Container) : ICommand, IRequireAuthenticatedUser
{
    public Contracts.Container ToContainer() => ShipmentInputs.Container(Container, ContainerNumber.Normalize(Number));
}

public sealed class UpdateContainerValidator : AbstractValidator<UpdateContainer>
{
    public UpdateContainerValidator() =>
        RuleFor(x => x).Custom((command, context) => ShipmentInputs.Report(context, ShipmentRules.CheckContainer(command.ToContainer())));
}

public sealed class UpdateContainerHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<UpdateContainer>
{
    public async ValueTask<Unit> Handle(UpdateContainer command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.ShipmentId, command.UserId, RuleFields.FromItem, shipment =>
        {
            shipment.UpdateContainer(command.ToContainer(), command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
