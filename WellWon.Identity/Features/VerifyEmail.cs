using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using WellWon.Identity.Domain;
using WellWon.Identity.Mail;
using WellWon.Identity.Sessions;
using WellWon.Identity.Shredding;
using WellWon.Platform.Kernel;

using WellWon.Platform.Mediator;

namespace WellWon.Identity.Features;

/// <summary>Confirms the address with the code from the verification e-mail (the JSON body of <c>POST /api/auth/verify-email</c>).</summary>
public sealed record VerifyEmail(string Token) : ICommand;

public sealed class VerifyEmailValidator : AbstractValidator<VerifyEmail>
{
    public VerifyEmailValidator() => RuleFor(x => x.Token).NotEmpty().MaximumLength(200);
}

public sealed class VerifyEmailHandler(IAggregateStore store, OneTimeTokenStore tokens, TimeProvider clock) : ICommandHandler<VerifyEmail>
{
    public async ValueTask<Unit> Handle(VerifyEmail command, CancellationToken cancellationToken)
    {
        var userId = await tokens.PeekAsync(command.Token, TokenPurpose.VerifyEmail, cancellationToken) ?? throw new InvalidTokenException();
        var account = await store.TryLoadAsync<UserAccount>(userId, cancellationToken) ?? throw new InvalidTokenException();
        account.VerifyEmail(clock.GetUtcNow());
        if (!await tokens.ConsumeAsync(command.Token, TokenPurpose.VerifyEmail, userId, cancellationToken))
        {
            throw new InvalidTokenException();
        }

        await store.SaveAsync(account, cancellationToken);
        return Unit.Value;
    }
}

/// <summary>Sends a fresh verification code to the signed-in user (<c>POST /api/auth/verify-email/resend</c>).</summary>
public sealed record ResendVerification(Guid UserId) : ICommand, IRequireAuthenticatedUser;

public sealed class ResendVerificationHandler(
    IAggregateStore store,
    UserKeyStore keys,
    OneTimeTokenStore tokens,
    IdentityMails mails,
    IOptions<IdentityOptions> options) : ICommandHandler<ResendVerification>
{
    public async ValueTask<Unit> Handle(ResendVerification command, CancellationToken cancellationToken)
    {
        var account = await store.LoadAsync<UserAccount>(command.UserId, cancellationToken);
        if (account.State.Deleted || account.State.EmailVerified)
        {
            throw new DomainException("identity.email-already-verified", "The e-mail address is already verified.");
        }

        var email = (await keys.GetAsync(account.Id, cancellationToken)).Open(account.State.Email)
            ?? throw new DomainException("identity.account-deleted", "The account has been deleted.");
        var token = await tokens.IssueAsync(account.Id, TokenPurpose.VerifyEmail, options.Value.VerificationTokenLifetime, cancellationToken);
        await mails.SendVerificationAsync(email, token, cancellationToken);
        return Unit.Value;
    }
}
