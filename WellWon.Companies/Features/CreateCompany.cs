using FluentValidation;
using FluentValidation.Results;
using Mediator;
using WellWon.Companies.Contracts;
using WellWon.Companies.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Companies.Features;

/// <summary>The JSON body of <c>POST /api/companies</c>.</summary>
public sealed record CreateCompanyRequest(string Name, string Country, string CompanyType, string? TaxId = null, CompanyAddress? Address = null);

/// <summary>Opens a company; <see cref="OwnerId"/>, the signed-in user, becomes its first owner.</summary>
public sealed record CreateCompany(Guid OwnerId, string Name, string Country, string CompanyType, string? TaxId, CompanyAddress? Address)
    : ICommand<CreatedCompany>, IRequireAuthenticatedUser;

public sealed record CreatedCompany(Guid Id);

public sealed class CreateCompanyValidator : AbstractValidator<CreateCompany>
{
    public CreateCompanyValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Company.NameMaxLength);
        RuleFor(x => x.Country).NotEmpty().Must(CountryCodes.IsValid).WithMessage(CompanyAddressValidator.CountryMessage);
        RuleFor(x => x.CompanyType).NotEmpty().Must(CompanyTypes.All.Contains)
            .WithMessage($"'Company Type' must be one of: {string.Join(", ", CompanyTypes.All)}.");
        RuleFor(x => x.TaxId).Custom((taxId, context) =>
        {
            // Checked by the rules of the country given; a bad country is reported on its own field.
            if (TaxIds.Normalize(taxId) is { } normalized && CountryCodes.Normalize(context.InstanceToValidate.Country) is { } country
                && TaxIds.Check(country, normalized) is { } broken)
            {
                context.AddFailure(new ValidationFailure(nameof(CreateCompany.TaxId), broken) { ErrorCode = TaxIds.InvalidCode });
            }
        });
        RuleFor(x => x.Address!).SetValidator(new CompanyAddressValidator()).When(x => x.Address is not null);
    }
}

/// <summary>An address: an ISO country, short fields.</summary>
public sealed class CompanyAddressValidator : AbstractValidator<CompanyAddress>
{
    public const string CountryMessage = "'Country' must be an ISO 3166-1 alpha-2 code such as RU, CN or DE.";

    public CompanyAddressValidator()
    {
        RuleFor(a => a.Country).NotEmpty().Must(CountryCodes.IsValid).WithMessage(CountryMessage);
        RuleFor(a => a.Line1).MaximumLength(Company.AddressFieldMaxLength);
        RuleFor(a => a.Line2).MaximumLength(Company.AddressFieldMaxLength);
        RuleFor(a => a.City).MaximumLength(Company.AddressFieldMaxLength);
        RuleFor(a => a.PostalCode).MaximumLength(Company.AddressFieldMaxLength);
        RuleFor(a => a.Region).MaximumLength(Company.AddressFieldMaxLength);
    }
}

public sealed class CreateCompanyHandler(CompanyWrites writes, TimeProvider clock) : ICommandHandler<CreateCompany, CreatedCompany>
{
    public async ValueTask<CreatedCompany> Handle(CreateCompany command, CancellationToken cancellationToken)
    {
        var company = Company.Create(
            Guid.CreateVersion7(),
            command.OwnerId,
            new CompanyDetails(command.Name, command.Country, command.CompanyType, command.TaxId, command.Address),
            clock.GetUtcNow());
        await writes.CreateAsync(company, cancellationToken);
        return new CreatedCompany(company.Id);
    }
}
