using FluentValidation;
using Mediator;
using WellWon.Logistics.Carriers;
using WellWon.Logistics.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

/// <summary>The JSON body of <c>POST /api/carriers</c>.</summary>
public sealed record CreateCarrierRequest(Guid CompanyId, string? Name = null, string? Code = null, IReadOnlyList<string>? Modes = null, TrackingInput? Tracking = null);

/// <summary>A manager (or above) of <see cref="CompanyId"/> adds a carrier to the company's registry; its code is unique among the company's active carriers.</summary>
public sealed record CreateCarrier(Guid UserId, Guid CompanyId, string? Name, string? Code, IReadOnlyList<string>? Modes, TrackingInput? Tracking)
    : ICommand<CreatedCarrier>, IRequireAuthenticatedUser
{
    public string NormalizedCode => CarrierRules.NormalizeCode(Code);

    public IReadOnlyList<string> NormalizedModes => CarrierRules.NormalizeModes(Modes);

    public Contracts.CarrierTracking NormalizedTracking => (Tracking ?? new TrackingInput()).ToTracking();
}

public sealed record CreatedCarrier(Guid Id);

public sealed class CreateCarrierValidator : AbstractValidator<CreateCarrier>
{
    public CreateCarrierValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty();
        RuleFor(x => x).Custom((c, context) => CarrierWrites.Report(context, c.NormalizedCode, c.Name, c.NormalizedModes, c.NormalizedTracking));
    }
}

public sealed class CreateCarrierHandler(IAggregateStore store, ICompanyAccess access, RequestContext context, CarrierCodes codes, TimeProvider clock)
    : ICommandHandler<CreateCarrier, CreatedCarrier>
{
    public async ValueTask<CreatedCarrier> Handle(CreateCarrier command, CancellationToken cancellationToken)
    {
        await access.RequireAsync(command.UserId, command.CompanyId, CompanyRole.Manager, cancellationToken);
        context.TenantId = command.CompanyId;
        Carrier carrier;
        try
        {
            carrier = Carrier.Register(Guid.CreateVersion7(), command.CompanyId, command.NormalizedCode, command.Name!.Trim(), command.NormalizedModes,
                command.NormalizedTracking, command.UserId, clock.GetUtcNow());
        }
        catch (ShipmentRuleException e)
        {
            throw RequestValidationException.For(e.Field, e.Code, e.Message);
        }

        if (!await codes.ReserveAsync(command.CompanyId, carrier.State.Code, carrier.Id, cancellationToken))
        {
            throw RequestValidationException.For("code", CarrierErrors.CodeTaken, $"The company already has an active carrier {carrier.State.Code}.");
        }

        try
        {
            await store.SaveAsync(carrier, cancellationToken);
        }
        catch
        {
            // The carrier was never registered: its code is free again.
            await codes.ReleaseAsync(carrier.Id, CancellationToken.None);
            throw;
        }

        return new CreatedCarrier(carrier.Id);
    }
}
