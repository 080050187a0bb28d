using FluentValidation;
using Mediator;
using WellWon.Identity.Domain;
using WellWon.Identity.Security;
using WellWon.Identity.Sessions;
using WellWon.Identity.Shredding;
using WellWon.Platform.Kernel;

namespace WellWon.Identity.Features;

/// <summary>Signs in with e-mail and password (the JSON body of <c>POST /api/auth/login</c>).</summary>
public sealed record Login(string Email, string Password) : ICommand<AuthTokens>;

/// <summary>A short-lived bearer access token and the refresh token that renews it; <see cref="ExpiresIn"/> in seconds.</summary>
public sealed record AuthTokens(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType = "Bearer");

public sealed class LoginValidator : AbstractValidator<Login>
{
    public LoginValidator()
    {
        RuleFor(x => x.Email).NotEmpty().MaximumLength(Email.MaxLength)
            .Must(e => Email.TryParse(e, out _)).WithMessage("'Email' is not a valid e-mail address.");
        RuleFor(x => x.Password).NotEmpty().MaximumLength(PasswordPolicy.MaxLength);
    }
}

/// <summary>
/// Finds the account through its address's reservation (never a read model), lets the aggregate judge the password and the
/// lockout, saves what it recorded (a failure counts even though the answer is 401), then opens a session.
/// </summary>
public sealed class LoginHandler(
    IAggregateStore store,
    MasterKey master,
    IPasswordHasher hasher,
    SessionStore sessions,
    AccessTokenIssuer tokens,
    TimeProvider clock) : ICommandHandler<Login, AuthTokens>
{
    // Verified against when there is no account, so an unknown address costs as much time as a wrong password.
    private static readonly Lazy<string> DecoyHash = new(() => new AspNetPasswordHasher().Hash(Guid.NewGuid().ToString()));

    public async ValueTask<AuthTokens> Handle(Login command, CancellationToken cancellationToken)
    {
        var email = Email.Parse(command.Email);
        var (account, outcome) = await ConcurrencyRetry.RunAsync(
            async ct =>
            {
                var account = await FindAsync(email, ct);
                if (account is null || account.State.Deleted)
                {
                    hasher.Verify(DecoyHash.Value, command.Password);
                    throw new InvalidCredentialsException();
                }

                var outcome = account.Authenticate(command.Password, hasher, clock.GetUtcNow());
                await store.SaveAsync(account, ct);
                return (account, outcome);
            },
            cancellationToken);

        switch (outcome.Result)
        {
            case LoginResult.LockedOut:
                throw new AccountLockedException(outcome.RetryAfter);
            case LoginResult.WrongPassword:
                throw new InvalidCredentialsException();
        }

        var refresh = await sessions.StartAsync(account.Id, cancellationToken);
        var (access, lifetime) = tokens.Issue(account.Id, email.Value, account.State.UserType, refresh.SessionId);
        return new AuthTokens(access, refresh.Token, (int)lifetime.TotalSeconds);
    }

    private async Task<UserAccount?> FindAsync(Email email, CancellationToken ct) =>
        await store.TryLoadAsync<EmailReservation>(master.EmailReservationId(email), ct) is { State.Holder: { } holder }
            ? await store.TryLoadAsync<UserAccount>(holder, ct)
            : null;
}
