using Mediator;
using WellWon.Identity.Sessions;

using WellWon.Platform.Mediator;

namespace WellWon.Identity.Features;

/// <summary>The optional JSON body of <c>POST /api/auth/logout</c>.</summary>
public sealed record LogoutRequest(string? RefreshToken);

/// <summary>Ends the session the access token belongs to and, when given, the refresh token's session.</summary>
public sealed record Logout(Guid UserId, Guid? SessionId, string? RefreshToken) : ICommand, IRequireAuthenticatedUser;

public sealed class LogoutHandler(SessionStore sessions) : ICommandHandler<Logout>
{
    public async ValueTask<Unit> Handle(Logout command, CancellationToken cancellationToken)
    {
        if (command.SessionId is { } sessionId)
        {
            await sessions.RevokeAsync(sessionId, command.UserId, cancellationToken);
        }

        if (!string.IsNullOrEmpty(command.RefreshToken) && await sessions.FindSessionAsync(command.RefreshToken, cancellationToken) is { } other)
        {
            // Revoked only when it is this user's: a stranger's token is left alone.
            await sessions.RevokeAsync(other, command.UserId, cancellationToken);
        }

        return Unit.Value;
    }
}
