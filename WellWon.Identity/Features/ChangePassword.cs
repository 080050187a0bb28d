using FluentValidation;
using Mediator;
using WellWon.Identity.Domain;
using WellWon.Identity.Sessions;
using WellWon.Identity.Shredding;
using WellWon.Platform.Kernel;

using WellWon.Platform.Mediator;

namespace WellWon.Identity.Features;

/// <summary>The JSON body of <c>POST /api/auth/change-password</c>.</summary>
public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

/// <summary>Changes the password; every other session of the user ends (whoever else held the old password is out).</summary>
public sealed record ChangePassword(Guid UserId, Guid? SessionId, string CurrentPassword, string NewPassword) : ICommand, IRequireAuthenticatedUser;

public sealed class ChangePasswordValidator : AbstractValidator<ChangePassword>
{
    public ChangePasswordValidator()
    {
        RuleFor(x => x.CurrentPassword).NotEmpty().MaximumLength(PasswordPolicy.MaxLength);
        RuleFor(x => x.NewPassword).NotEmpty().MinimumLength(PasswordPolicy.MinLength).MaximumLength(PasswordPolicy.MaxLength);
    }
}

public sealed class ChangePasswordHandler(
    IAggregateStore store,
    UserKeyStore keys,
    IPasswordHasher hasher,
    SessionStore sessions,
    TimeProvider clock) : ICommandHandler<ChangePassword>
{
    public async ValueTask<Unit> Handle(ChangePassword command, CancellationToken cancellationToken)
    {
        var cipher = await keys.GetAsync(command.UserId, cancellationToken);
        await ConcurrencyRetry.RunAsync(
            async ct =>
            {
                var account = await store.LoadAsync<UserAccount>(command.UserId, ct);
                account.ChangePassword(command.CurrentPassword, command.NewPassword, hasher, cipher, clock.GetUtcNow());
                await store.SaveAsync(account, ct);
                return Unit.Value;
            },
            cancellationToken);
        await sessions.RevokeAllAsync(command.UserId, keep: command.SessionId, cancellationToken);
        return Unit.Value;
    }
}
