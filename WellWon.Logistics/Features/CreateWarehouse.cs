using FluentValidation;
using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

/// <summary>The JSON body of <c>POST /api/warehouses</c>.</summary>
public sealed record CreateWarehouseRequest(Guid CompanyId, string? Name = null, string? Address = null, string? UnLocode = null);

/// <summary>A member (or above) of <see cref="CompanyId"/> opens a warehouse.</summary>
public sealed record CreateWarehouse(Guid UserId, Guid CompanyId, string? Name, string? Address, string? UnLocode) : ICommand<CreatedWarehouse>, IRequireAuthenticatedUser;

public sealed record CreatedWarehouse(Guid Id);

public sealed class CreateWarehouseValidator : AbstractValidator<CreateWarehouse>
{
    public CreateWarehouseValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty();
        RuleFor(x => x).Custom((command, context) => ShipmentInputs.Report(context, new[]
        {
            Warehouse.CheckName(command.Name),
            Warehouse.CheckAddress(command.Address),
            UnLocode.Check(UnLocode.Normalize(command.UnLocode), "unLocode"),
        }.OfType<RuleViolation>()));
    }
}

public sealed class CreateWarehouseHandler(IAggregateStore store, ICompanyAccess access, RequestContext context, TimeProvider clock)
    : ICommandHandler<CreateWarehouse, CreatedWarehouse>
{
    public async ValueTask<CreatedWarehouse> Handle(CreateWarehouse command, CancellationToken cancellationToken)
    {
        await access.RequireAsync(command.UserId, command.CompanyId, CompanyRole.Member, cancellationToken);
        context.TenantId = command.CompanyId;
        Warehouse warehouse;
        try
        {
            warehouse = Warehouse.Create(Guid.CreateVersion7(), command.CompanyId, command.Name ?? string.Empty, command.Address,
                UnLocode.Normalize(command.UnLocode), command.UserId, clock.GetUtcNow());
        }
        catch (ShipmentRuleException e)
        {
            throw RequestValidationException.For(e.Field, e.Code, e.Message);
        }

        await store.SaveAsync(warehouse, cancellationToken);
        return new CreatedWarehouse(warehouse.Id);
    }
}
