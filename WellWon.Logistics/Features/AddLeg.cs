using FluentValidation;
using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

public sealed record AddedLeg(Guid Id);

/// <summary>
/// A member adds a leg at the end of the route before departure (<c>POST /api/shipments/{id}/legs</c>): it must start where the
/// last leg ends (400 naming <c>from</c> otherwise).
/// </summary>
public sealed record AddLeg(Guid ShipmentId, Guid UserId, LegInput Leg) : ICommand<AddedLeg>, IRequireAuthenticatedUser;

public sealed class AddLegValidator : AbstractValidator<AddLeg>
{
    public AddLegValidator() =>
        RuleFor(x => x).Custom((command, context) =>
            ShipmentInputs.Report(context, ShipmentRules.CheckLeg(ShipmentInputs.Leg(command.Leg, Guid.NewGuid()), modeMayBeInherited: true)));
}

public sealed class AddLegHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<AddLeg, AddedLeg>
{
    public async ValueTask<AddedLeg> Handle(AddLeg command, CancellationToken cancellationToken)
    {
        var leg = ShipmentInputs.Leg(command.Leg, Guid.CreateVersion7());
        await writes.ChangeAsync(command.ShipmentId, command.UserId, RuleFields.FromItem, shipment =>
        {
            shipment.AddLeg(leg, command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
        return new AddedLeg(leg.Id);
    }
}
