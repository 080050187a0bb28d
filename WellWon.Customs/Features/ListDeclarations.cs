using FluentValidation;
using Mediator;
using WellWon.Customs.Contracts;
using WellWon.Customs.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Customs.Features;

/// <summary>A company's declarations, newest first (<c>GET /api/customs/declarations?companyId=&amp;status=&amp;limit=&amp;offset=</c>); participants only.</summary>
public sealed record ListDeclarations(Guid UserId, Guid? CompanyId, string? Status = null, int Limit = ListDeclarations.DefaultLimit, int Offset = 0)
    : IQuery<IReadOnlyList<DeclarationSummary>>, IRequireAuthenticatedUser
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static readonly IReadOnlySet<string> Statuses = new HashSet<string>(StringComparer.Ordinal)
    {
        DeclarationStatuses.Draft, DeclarationStatuses.Checked, DeclarationStatuses.Submitted, DeclarationStatuses.Registered,
        DeclarationStatuses.Released, DeclarationStatuses.Rejected, DeclarationStatuses.Recalled,
    };
}

public sealed class ListDeclarationsValidator : AbstractValidator<ListDeclarations>
{
    public ListDeclarationsValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose declarations to list (companyId).");
        RuleFor(x => x.Status).Must(s => ListDeclarations.Statuses.Contains(s!)).When(x => x.Status is not null)
            .WithMessage($"'status' is one of: {string.Join(", ", ListDeclarations.Statuses.Order())}.");
        RuleFor(x => x.Limit).InclusiveBetween(1, ListDeclarations.MaxLimit);
        RuleFor(x => x.Offset).GreaterThanOrEqualTo(0);
    }
}

public sealed class ListDeclarationsHandler(DeclarationReader reader, ICompanyAccess access) : IQueryHandler<ListDeclarations, IReadOnlyList<DeclarationSummary>>
{
    public async ValueTask<IReadOnlyList<DeclarationSummary>> Handle(ListDeclarations query, CancellationToken cancellationToken)
    {
        var companyId = query.CompanyId!.Value;
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        return await reader.ListAsync(companyId, query.Status, query.Limit, query.Offset, cancellationToken);
    }
}
