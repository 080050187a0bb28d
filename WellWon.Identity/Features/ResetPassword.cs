using FluentValidation;
using Mediator;
using WellWon.Identity.Domain;
using WellWon.Identity.Sessions;
using WellWon.Identity.Shredding;
using WellWon.Platform.Kernel;

namespace WellWon.Identity.Features;

/// <summary>Sets a new password with the code from the reset e-mail (the JSON body of <c>POST /api/auth/reset-password</c>).</summary>
public sealed record ResetPassword(string Token, string NewPassword) : ICommand;

public sealed class ResetPasswordValidator : AbstractValidator<ResetPassword>
{
    public ResetPasswordValidator()
    {
        RuleFor(x => x.Token).NotEmpty().MaximumLength(200);
        RuleFor(x => x.NewPassword).NotEmpty().MinimumLength(PasswordPolicy.MinLength).MaximumLength(PasswordPolicy.MaxLength);
    }
}

/// <summary>
/// The policy is checked before the code is used up (a refused password does not burn it); afterwards every session ends
/// and the lockout is lifted.
/// </summary>
public sealed class ResetPasswordHandler(
    IAggregateStore store,
    UserKeyStore keys,
    IPasswordHasher hasher,
    OneTimeTokenStore tokens,
    SessionStore sessions,
    TimeProvider clock) : ICommandHandler<ResetPassword>
{
    public async ValueTask<Unit> Handle(ResetPassword command, CancellationToken cancellationToken)
    {
        var userId = await tokens.PeekAsync(command.Token, TokenPurpose.ResetPassword, cancellationToken) ?? throw new InvalidTokenException();
        var account = await store.TryLoadAsync<UserAccount>(userId, cancellationToken) ?? throw new InvalidTokenException();
        var cipher = await keys.GetAsync(userId, cancellationToken);
        account.ResetPassword(command.NewPassword, hasher, cipher, clock.GetUtcNow());
        if (!await tokens.ConsumeAsync(command.Token, TokenPurpose.ResetPassword, userId, cancellationToken))
        {
            throw new InvalidTokenException();
        }

        await store.SaveAsync(account, cancellationToken);
        await sessions.RevokeAllAsync(userId, keep: null, cancellationToken);
        return Unit.Value;
    }
}
