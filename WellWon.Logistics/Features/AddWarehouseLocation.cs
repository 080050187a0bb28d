using FluentValidation;
using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

public sealed record AddWarehouseLocationRequest(string? Code);

public sealed record AddedWarehouseLocation(string Code);

/// <summary>A member adds a location (<c>POST /api/warehouses/{id}/locations</c>); its code is unique in the warehouse.</summary>
public sealed record AddWarehouseLocation(Guid WarehouseId, Guid UserId, string? Code) : ICommand<AddedWarehouseLocation>, IRequireAuthenticatedUser;

public sealed class AddWarehouseLocationValidator : AbstractValidator<AddWarehouseLocation>
{
    public AddWarehouseLocationValidator() =>
        RuleFor(x => x).Custom((command, context) =>
            ShipmentInputs.Report(context, Warehouse.CheckLocationCode(Warehouse.NormalizeLocation(command.Code)) is { } broken ? [broken] : []));
}

public sealed class AddWarehouseLocationHandler(WarehouseWrites writes, TimeProvider clock) : ICommandHandler<AddWarehouseLocation, AddedWarehouseLocation>
{
    public async ValueTask<AddedWarehouseLocation> Handle(AddWarehouseLocation command, CancellationToken cancellationToken)
    {
        var code = Warehouse.NormalizeLocation(command.Code);
        await writes.ChangeAsync(command.WarehouseId, command.UserId, warehouse =>
        {
            warehouse.AddLocation(code, command.UserId, clock.GetUtcNow());
            return Task.FromResult(code);
        }, cancellationToken);
        return new AddedWarehouseLocation(code);
    }
}
