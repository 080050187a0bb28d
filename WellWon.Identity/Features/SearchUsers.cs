using FluentValidation;
using Mediator;
using WellWon.Identity.Contracts;
using WellWon.Identity.ReadModel;

using WellWon.Platform.Mediator;

namespace WellWon.Identity.Features;

/// <summary>Users whose e-mail or name contains <see cref="Search"/>, a page at a time, for WellWon staff (<c>GET /api/users</c>).</summary>
[RequireRole(UserTypes.Admin, UserTypes.Manager)]
public sealed record SearchUsers(string? Search, int Page = 1, int PageSize = 20) : IQuery<UserPage>;

public sealed class SearchUsersValidator : AbstractValidator<SearchUsers>
{
    public SearchUsersValidator()
    {
        RuleFor(x => x.Search).MaximumLength(200);
        RuleFor(x => x.Page).InclusiveBetween(1, 100_000);
        RuleFor(x => x.PageSize).InclusiveBetween(1, 100);
    }
}

public sealed class SearchUsersHandler(UserProfileReader reader) : IQueryHandler<SearchUsers, UserPage>
{
    public async ValueTask<UserPage> Handle(SearchUsers query, CancellationToken cancellationToken) =>
        await reader.SearchAsync(query.Search, query.Page, query.PageSize, cancellationToken);
}
