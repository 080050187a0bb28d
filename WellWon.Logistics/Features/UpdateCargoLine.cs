using FluentValidation;
using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>A member replaces a cargo line before departure (<c>PUT /api/shipments/{id}/cargo/{lineId}</c>, the whole line as body).</summary>
public sealed record UpdateCargoLine(Guid ShipmentId, Guid LineId, Guid UserId, CargoLineInput Line) : ICommand, IRequireAuthenticatedUser
{
    public Contracts.CargoLine ToLine() => ShipmentInputs.CargoLine(Line with { Id = LineId }, LineId);
}

public sealed class UpdateCargoLineValidator : AbstractValidator<UpdateCargoLine>
{
    public UpdateCargoLineValidator() =>
        RuleFor(x => x).Custom((command, context) => ShipmentInputs.Report(context, ShipmentRules.CheckCargoLine(command.ToLine())));
}

public sealed class UpdateCargoLineHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<UpdateCargoLine>
{
    public async ValueTask<Unit> Handle(UpdateCargoLine command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.ShipmentId, command.UserId, RuleFields.FromItem, shipment =>
        {
            shipment.UpdateCargoLine(command.ToLine(), command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
