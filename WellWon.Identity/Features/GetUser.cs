using Mediator;
using WellWon.Identity.Contracts;
using WellWon.Identity.ReadModel;
using WellWon.Platform.Kernel;

using WellWon.Platform.Mediator;

namespace WellWon.Identity.Features;

/// <summary>One user's profile for WellWon staff (<c>GET /api/users/{id}</c>).</summary>
[RequireRole(UserTypes.Admin, UserTypes.Manager)]
public sealed record GetUser(Guid Id) : IQuery<UserProfile>;

public sealed class GetUserHandler(UserProfileReader reader) : IQueryHandler<GetUser, UserProfile>
{
    public async ValueTask<UserProfile> Handle(GetUser query, CancellationToken cancellationToken) =>
        await reader.GetAsync(query.Id, cancellationToken)
        ?? throw new NotFoundException("identity.user-not-found", $"User {query.Id} does not exist.");
}
