using FluentValidation;
using Mediator;
using WellWon.Companies.Contracts;
using WellWon.Companies.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Companies.Features;

/// <summary>The JSON body of <c>PATCH /api/companies/{id}</c>: an absent or null field stays; an empty <c>taxId</c> removes the tax id.</summary>
public sealed record UpdateCompanyRequest(string? Name = null, string? TaxId = null, CompanyAddress? Address = null);

/// <summary>An owner or admin changes the company's name, tax id or address.</summary>
public sealed record UpdateCompany(Guid CompanyId, Guid ActorId, string? Name, string? TaxId, CompanyAddress? Address) : ICommand, IRequireAuthenticatedUser;

public sealed class UpdateCompanyValidator : AbstractValidator<UpdateCompany>
{
    public UpdateCompanyValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Company.NameMaxLength).When(x => x.Name is not null);
        // The country's own rules need the company's country, which the aggregate knows; here only the shape every number has.
        RuleFor(x => x.TaxId).Must(t => TaxIds.HasGenericShape(TaxIds.Normalize(t)!)).When(x => TaxIds.Normalize(x.TaxId) is not null)
            .WithErrorCode(TaxIds.InvalidCode)
            .WithMessage("A tax or registration number has 5 to 20 characters: letters A-Z, digits, '-' or '/'.");
        RuleFor(x => x.Address!).SetValidator(new CompanyAddressValidator()).When(x => x.Address is not null);
        RuleFor(x => x).Must(x => x.Name is not null || x.TaxId is not null || x.Address is not null)
            .OverridePropertyName("company").WithMessage("Give at least one field to change.");
    }
}

public sealed class UpdateCompanyHandler(CompanyWrites writes, TimeProvider clock) : ICommandHandler<UpdateCompany>
{
    public async ValueTask<Unit> Handle(UpdateCompany command, CancellationToken cancellationToken)
    {
        try
        {
            return await writes.ChangeAsync(
                command.CompanyId,
                company =>
                {
                    company.UpdateDetails(command.ActorId, new CompanyChanges(command.Name, command.TaxId, command.Address), clock.GetUtcNow());
                    return Unit.Value;
                },
                cancellationToken);
        }
        catch (InvalidTaxIdException e)
        {
            // A number of the wrong shape for the company's country is a bad field of the request, like on create.
            throw RequestValidationException.For("taxId", e.Code, e.Message);
        }
    }
}
