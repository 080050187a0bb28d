using FluentValidation;
using Mediator;
using WellWon.Identity.Domain;
using WellWon.Identity.Security;
using WellWon.Identity.Sessions;
using WellWon.Identity.Shredding;
using WellWon.Platform.Kernel;

namespace WellWon.Identity.Features;

/// <summary>Swaps a refresh token for new tokens (the JSON body of <c>POST /api/auth/refresh</c>); the old one stops working.</summary>
public sealed record RefreshSession(string RefreshToken) : ICommand<AuthTokens>;

public sealed class RefreshSessionValidator : AbstractValidator<RefreshSession>
{
    public RefreshSessionValidator() => RuleFor(x => x.RefreshToken).NotEmpty().MaximumLength(200);
}

/// <summary>
/// Rotates the token (a reused one revokes its whole family: it has leaked) and issues an access token with the account's
/// current user type, so a role change reaches the claims at the next refresh.
/// </summary>
public sealed class RefreshSessionHandler(
    IAggregateStore store,
    SessionStore sessions,
    UserKeyStore keys,
    AccessTokenIssuer tokens) : ICommandHandler<RefreshSession, AuthTokens>
{
    public async ValueTask<AuthTokens> Handle(RefreshSession command, CancellationToken cancellationToken)
    {
        var next = await sessions.RotateAsync(command.RefreshToken, cancellationToken) ?? throw new InvalidSessionException();
        var account = await store.TryLoadAsync<UserAccount>(next.UserId, cancellationToken);
        if (account is null || account.State.Deleted)
        {
            await sessions.RevokeAsync(next.SessionId, next.UserId, cancellationToken);
            throw new InvalidSessionException();
        }

        var cipher = await keys.GetAsync(account.Id, cancellationToken);
        var (access, lifetime) = tokens.Issue(account.Id, cipher.Open(account.State.Email), account.State.UserType, next.SessionId);
        return new AuthTokens(access, next.Token, (int)lifetime.TotalSeconds);
    }
}
