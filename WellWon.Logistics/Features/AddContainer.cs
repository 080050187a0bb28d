using FluentValidation;
using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

public sealed record AddedContainer(string Number);

/// <summary>A member adds a container before departure (<c>POST /api/shipments/{id}/containers</c>): ISO 6346 number, size/type code, seals.</summary>
public sealed record AddContainer(Guid ShipmentId, Guid UserId, ContainerInput Container) : ICommand<AddedContainer>, IRequireAuthenticatedUser;

public sealed class AddContainerValidator : AbstractValidator<AddContainer>
{
    public AddContainerValidator() =>
        RuleFor(x => x).Custom((command, context) =>
            ShipmentInputs.Report(context, ShipmentRules.CheckContainer(ShipmentInputs.Container(command.Container))));
}

public sealed class AddContainerHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<AddContainer, AddedContainer>
{
    public async ValueTask<AddedContainer> Handle(AddContainer command, CancellationToken cancellationToken)
    {
        var container = ShipmentInputs.Container(command.Container);
        await writes.ChangeAsync(command.ShipmentId, command.UserId, RuleFields.FromItem, shipment =>
        {
            shipment.AddContainer(container, command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
        return new AddedContainer(container.Number);
    }
}
