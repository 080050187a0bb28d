using Mediator;
using WellWon.Identity.ReadModel;
using WellWon.Platform.Kernel;

using WellWon.Platform.Mediator;

namespace WellWon.Identity.Features;

/// <summary>The signed-in user's profile (<c>GET /api/auth/me</c>).</summary>
public sealed record GetCurrentUser(Guid UserId) : IQuery<UserProfile>, IRequireAuthenticatedUser;

public sealed class GetCurrentUserHandler(UserProfileReader reader) : IQueryHandler<GetCurrentUser, UserProfile>
{
    public async ValueTask<UserProfile> Handle(GetCurrentUser query, CancellationToken cancellationToken) =>
        await reader.GetAsync(query.UserId, cancellationToken)
        ?? throw new NotFoundException("identity.user-not-found", "The account does not exist.");
}
