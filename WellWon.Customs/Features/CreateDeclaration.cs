using FluentValidation;
using Mediator;
using WellWon.Customs.Domain;
using WellWon.Customs.Tariff;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Customs.Features;

/// <summary>The JSON body of <c>POST /api/customs/declarations</c>: the company and procedure, and whatever of the header is known.</summary>
public sealed record CreateDeclarationRequest(
    Guid CompanyId,
    string? Procedure,
    PartyInput? Declarant = null,
    PartyInput? Representative = null,
    string? CustomsOffice = null,
    DateOnly? DeclarationDate = null,
    string? Incoterm = null,
    string? IncotermPlace = null,
    Guid? ShipmentId = null,
    string? AllocationMethod = null);

/// <summary>A member of <see cref="CompanyId"/> opens a declaration as a draft.</summary>
public sealed record CreateDeclaration(Guid UserId, Guid CompanyId, HeaderInput Header) : ICommand<CreatedDeclaration>, IRequireAuthenticatedUser
{
    public static CreateDeclaration From(Guid userId, CreateDeclarationRequest r) => new(userId, r.CompanyId,
        new HeaderInput(r.Procedure, r.Declarant, r.Representative, r.CustomsOffice, r.DeclarationDate, r.Incoterm, r.IncotermPlace, r.ShipmentId, r.AllocationMethod));
}

public sealed record CreatedDeclaration(Guid Id);

public sealed class CreateDeclarationValidator : AbstractValidator<CreateDeclaration>
{
    public CreateDeclarationValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty();
        RuleFor(x => x.Header.Procedure).NotEmpty().OverridePropertyName("procedure");
    }
}

public sealed class CreateDeclarationHandler(IAggregateStore store, ICompanyAccess access, TariffReader tariff, RequestContext context, TimeProvider clock)
    : ICommandHandler<CreateDeclaration, CreatedDeclaration>
{
    public async ValueTask<CreatedDeclaration> Handle(CreateDeclaration command, CancellationToken cancellationToken)
    {
        await access.RequireAsync(command.UserId, command.CompanyId, CompanyRole.Member, cancellationToken);
        var id = Guid.CreateVersion7();
        CustomsDeclaration declaration;
        try
        {
            declaration = CustomsDeclaration.Create(id, command.CompanyId, DeclarationInputs.Header(command.Header), command.UserId, clock.GetUtcNow());
        }
        catch (CustomsRuleException e)
        {
            throw RequestValidationException.For(e.Field, e.Code, e.Message);
        }

        // The procedures WellWon knows are data, read before the stream is written.
        if (await tariff.FindProcedureAsync(declaration.State.Header.Procedure, cancellationToken) is null)
        {
            throw RequestValidationException.For("procedure", CustomsErrors.ProcedureUnknown, $"Customs procedure {declaration.State.Header.Procedure} is not one WellWon knows.");
        }

        context.TenantId = command.CompanyId;
        await store.SaveAsync(declaration, cancellationToken);
        return new CreatedDeclaration(id);
    }
}
