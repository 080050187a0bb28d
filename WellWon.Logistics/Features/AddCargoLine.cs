using FluentValidation;
using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

public sealed record AddedCargoLine(Guid Id);

/// <summary>A member adds a cargo line before departure (<c>POST /api/shipments/{id}/cargo</c>, the line as body).</summary>
public sealed record AddCargoLine(Guid ShipmentId, Guid UserId, CargoLineInput Line) : ICommand<AddedCargoLine>, IRequireAuthenticatedUser;

public sealed class AddCargoLineValidator : AbstractValidator<AddCargoLine>
{
    public AddCargoLineValidator() =>
        RuleFor(x => x).Custom((command, context) =>
            ShipmentInputs.Report(context, ShipmentRules.CheckCargoLine(ShipmentInputs.CargoLine(command.Line, Guid.NewGuid()))));
}

public sealed class AddCargoLineHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<AddCargoLine, AddedCargoLine>
{
    public async ValueTask<AddedCargoLine> Handle(AddCargoLine command, CancellationToken cancellationToken)
    {
        var line = ShipmentInputs.CargoLine(command.Line, Guid.CreateVersion7());
        await writes.ChangeAsync(command.ShipmentId, command.UserId, RuleFields.FromItem, shipment =>
        {
            shipment.AddCargoLine(line, command.UserId, clock.GetUtcNow());
            return line.Id;
        }, cancellationToken);
        return new AddedCargoLine(line.Id);
    }
}
