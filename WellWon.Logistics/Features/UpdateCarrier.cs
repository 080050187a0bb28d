using FluentValidation;
using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>The JSON body of <c>PUT /api/carriers/{id}</c>: the carrier as it is to be (its code never changes).</summary>
public sealed record UpdateCarrierRequest(string? Name = null, IReadOnlyList<string>? Modes = null, TrackingInput? Tracking = null);

/// <summary>A manager replaces a carrier's name, modes and tracking settings; the code must still fit the modes.</summary>
public sealed record UpdateCarrier(Guid CarrierId, Guid UserId, string? Name, IReadOnlyList<string>? Modes, TrackingInput? Tracking) : ICommand, IRequireAuthenticatedUser
{
    public IReadOnlyList<string> NormalizedModes => CarrierRules.NormalizeModes(Modes);

    public Contracts.CarrierTracking NormalizedTracking => (Tracking ?? new TrackingInput()).ToTracking();
}

public sealed class UpdateCarrierValidator : AbstractValidator<UpdateCarrier>
{
    // The code is checked against the modes by the aggregate, which knows it; a stand-in code lets every other field be reported here.
    public UpdateCarrierValidator() =>
        RuleFor(x => x).Custom((c, context) => ShipmentInputs.Report(context, CarrierRules.Check("XXXXXX", c.Name?.Trim(), c.NormalizedModes, c.NormalizedTracking)
            .Where(v => v.Field != "code")));
}

public sealed class UpdateCarrierHandler(CarrierWrites writes, TimeProvider clock) : ICommandHandler<UpdateCarrier>
{
    public async ValueTask<Unit> Handle(UpdateCarrier command, CancellationToken cancellationToken)
    {
        await writes.ChangeAsync(command.CarrierId, command.UserId,
            carrier => carrier.Update(command.Name!.Trim(), command.NormalizedModes, command.NormalizedTracking, command.UserId, clock.GetUtcNow()),
            cancellationToken);
        return Unit.Value;
    }
}
