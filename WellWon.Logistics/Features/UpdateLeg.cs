using FluentValidation;
using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>
/// A member replaces a leg's plan before departure (<c>PUT /api/shipments/{id}/legs/{legId}</c>, the whole leg as body); its ends
/// stay chained to its neighbours.
/// </summary>
public sealed record UpdateLeg(Guid ShipmentId, Guid LegId, Guid UserId, LegInput Leg) : ICommand, IRequireAuthenticatedUser
{
    public Contracts.RouteLeg ToLeg() => ShipmentInputs.Leg(Leg with { Id = LegId }, LegId);
}

public sealed class UpdateLegValidator : AbstractValidator<UpdateLeg>
{
    public UpdateLegValidator() =>
        RuleFor(x => x).Custom((command, context) => ShipmentInputs.Report(context, ShipmentRules.CheckLeg(command.ToLeg(), modeMayBeInherited: true)));
}

public sealed class UpdateLegHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<UpdateLeg>
{
    public async ValueTask<Unit> Handle(UpdateLeg command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.ShipmentId, command.UserId, RuleFields.FromItem, shipment =>
        {
            shipment.UpdateLeg(command.ToLeg(), command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
