using FluentValidation;
using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

/// <summary>The JSON body of <c>POST /api/shipments</c>: the whole shipment as known so far.</summary>
public sealed record CreateShipmentRequest(
    Guid CompanyId,
    string? Mode = null,
    string? Incoterm = null,
    string? IncotermPlace = null,
    PartyInput? Shipper = null,
    PartyInput? Consignee = null,
    PartyInput? NotifyParty = null,
    string? BlNumber = null,
    IReadOnlyList<CargoLineInput>? Cargo = null,
    IReadOnlyList<ContainerInput>? Containers = null,
    IReadOnlyList<LegInput>? Legs = null);

/// <summary>A participant (member or above) of <see cref="CompanyId"/> opens a shipment as a draft; it gets the company's next reference.</summary>
public sealed record CreateShipment(
    Guid UserId,
    Guid CompanyId,
    string? Mode,
    string? Incoterm,
    string? IncotermPlace,
    PartyInput? Shipper,
    PartyInput? Consignee,
    PartyInput? NotifyParty,
    string? BlNumber,
    IReadOnlyList<CargoLineInput>? Cargo,
    IReadOnlyList<ContainerInput>? Containers,
    IReadOnlyList<LegInput>? Legs) : ICommand<CreatedShipment>, IRequireAuthenticatedUser
{
    public static CreateShipment From(Guid userId, CreateShipmentRequest r) =>
        new(userId, r.CompanyId, r.Mode, r.Incoterm, r.IncotermPlace, r.Shipper, r.Consignee, r.NotifyParty, r.BlNumber, r.Cargo, r.Containers, r.Legs);

    /// <summary>The shipment as the domain sees it; <paramref name="newId"/> names the items the client left without an id.</summary>
    public ShipmentDraft ToDraft(Func<Guid> newId) => new(
        (Mode ?? string.Empty).Trim().ToLowerInvariant(),
        ShipmentInputs.Header(Shipper, Consignee, NotifyParty, Incoterm, IncotermPlace, BlNumber),
        [.. (Cargo ?? []).Select(c => ShipmentInputs.CargoLine(c, newId()))],
        [.. (Containers ?? []).Select(ShipmentInputs.Container)],
        [.. (Legs ?? []).Select(l => ShipmentInputs.Leg(l, newId()))]);
}

/// <param name="Reference">The shipment's number in its company (<c>WW-2026-000123</c>).</param>
public sealed record CreatedShipment(Guid Id, string Reference);

public sealed class CreateShipmentValidator : AbstractValidator<CreateShipment>
{
    public const int MaxItems = 500;

    public CreateShipmentValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty();
        RuleFor(x => x.Cargo).Must(c => c is null || c.Count <= MaxItems).WithMessage($"A shipment has at most {MaxItems} cargo lines.");
        RuleFor(x => x.Containers).Must(c => c is null || c.Count <= MaxItems).WithMessage($"A shipment has at most {MaxItems} containers.");
        RuleFor(x => x.Legs).Must(c => c is null || c.Count <= MaxItems).WithMessage($"A shipment has at most {MaxItems} legs.");
        RuleFor(x => x).Custom((command, context) =>
        {
            // Every rule the aggregate enforces, reported all at once with each field's path (cargo[0].netWeightKg).
            var draft = command.ToDraft(Guid.NewGuid);
            ShipmentInputs.Report(context, ShipmentRules.CheckDraft(draft with { Legs = [.. draft.Legs.Select(l => ShipmentRules.WithInheritedMode(l, draft.Mode))] }));
        });
    }
}

/// <summary>
/// Checks the caller and the shipment before a reference is reserved (so a refused shipment takes no number), reserves the
/// company's next number for the new id, writes the stream, then confirms the number; a failed write gives the number back.
/// </summary>
public sealed class CreateShipmentHandler(
    IAggregateStore store, ICompanyAccess access, IShipmentReferences references, RequestContext context, TimeProvider clock)
    : ICommandHandler<CreateShipment, CreatedShipment>
{
    public async ValueTask<CreatedShipment> Handle(CreateShipment command, CancellationToken cancellationToken)
    {
        await access.RequireAsync(command.UserId, command.CompanyId, CompanyRole.Member, cancellationToken);
        ShipmentDraft draft;
        try
        {
            draft = Shipment.Check(command.ToDraft(Guid.CreateVersion7));
        }
        catch (ShipmentRuleException e)
        {
            throw RequestValidationException.For(e.Field, e.Code, e.Message);
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7();
        var year = now.UtcDateTime.Year;
        context.TenantId = command.CompanyId;
        var number = await references.ReserveAsync(command.CompanyId, year, id, cancellationToken);
        var shipment = Shipment.Create(id, command.CompanyId, ShipmentReference.Format(year, number), draft, command.UserId, now);
        try
        {
            await store.SaveAsync(shipment, cancellationToken);
        }
        catch (Exception)
        {
            // Whether the append happened is settled by the stream itself; a number is given back only if it did not.
            await SettleAsync(() => references.GiveBackAsync(id, CancellationToken.None));
            throw;
        }

        await SettleAsync(() => references.ConfirmAsync(id, CancellationToken.None));
        return new CreatedShipment(id, shipment.State.Reference);
    }

    // The shipment's outcome is decided by its stream; bookkeeping that fails here is settled by the next reservation after the timeout.
    private static async Task SettleAsync(Func<Task> bookkeeping)
    {
        try
        {
            await bookkeeping();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
        }
    }
}
