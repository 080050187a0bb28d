using FluentValidation;
using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>The JSON body of <c>PUT /api/shipments/{id}/header</c>: the whole header; a field left out is cleared.</summary>
public sealed record UpdateShipmentHeaderRequest(
    PartyInput? Shipper = null,
    PartyInput? Consignee = null,
    PartyInput? NotifyParty = null,
    string? Incoterm = null,
    string? IncotermPlace = null,
    string? BlNumber = null);

/// <summary>A member replaces the header: parties, the Incoterms rule (allowed for the shipment's mode) with its place, the B/L number.</summary>
public sealed record UpdateShipmentHeader(
    Guid ShipmentId,
    Guid UserId,
    PartyInput? Shipper,
    PartyInput? Consignee,
    PartyInput? NotifyParty,
    string? Incoterm,
    string? IncotermPlace,
    string? BlNumber) : ICommand, IRequireAuthenticatedUser
{
    public static UpdateShipmentHeader From(Guid shipmentId, Guid userId, UpdateShipmentHeaderRequest r) =>
        new(shipmentId, userId, r.Shipper, r.Consignee, r.NotifyParty, r.Incoterm, r.IncotermPlace, r.BlNumber);

    public Contracts.ShipmentHeader ToHeader() => ShipmentInputs.Header(Shipper, Consignee, NotifyParty, Incoterm, IncotermPlace, BlNumber);
}

public sealed class UpdateShipmentHeaderValidator : AbstractValidator<UpdateShipmentHeader>
{
    // The mode is the shipment's, which only the aggregate knows: here every rule but "this Incoterms rule for this mode".
    public UpdateShipmentHeaderValidator() =>
        RuleFor(x => x).Custom((command, context) => ShipmentInputs.Report(context, ShipmentRules.CheckHeader(command.ToHeader(), mode: string.Empty)));
}

public sealed class UpdateShipmentHeaderHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<UpdateShipmentHeader>
{
    public async ValueTask<Unit> Handle(UpdateShipmentHeader command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.ShipmentId, command.UserId, RuleFields.FromShipment, shipment =>
        {
            shipment.UpdateHeader(command.ToHeader(), command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
