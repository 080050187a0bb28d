using FluentValidation;
using Mediator;
using WellWon.Identity.Contracts;
using WellWon.Identity.Domain;
using WellWon.Platform.Kernel;

using WellWon.Platform.Mediator;

namespace WellWon.Identity.Features;

/// <summary>The JSON body of <c>PUT /api/users/{id}/role</c>.</summary>
public sealed record ChangeUserRoleRequest(string UserType);

/// <summary>An administrator gives a user another user type; it reaches the user's access token at the next refresh.</summary>
[RequireRole(UserTypes.Admin)]
public sealed record ChangeUserRole(Guid UserId, string UserType, Guid ChangedBy) : ICommand;

public sealed class ChangeUserRoleValidator : AbstractValidator<ChangeUserRole>
{
    public ChangeUserRoleValidator() =>
        RuleFor(x => x.UserType).Must(UserTypes.IsValid).WithMessage($"'User Type' must be one of: {string.Join(", ", UserTypes.All)}.");
}

public sealed class ChangeUserRoleHandler(IAggregateStore store, TimeProvider clock) : ICommandHandler<ChangeUserRole>
{
    public async ValueTask<Unit> Handle(ChangeUserRole command, CancellationToken cancellationToken)
    {
        return await ConcurrencyRetry.RunAsync(
            async ct =>
            {
                var account = await store.LoadAsync<UserAccount>(command.UserId, ct);
                account.ChangeRole(command.UserType, command.ChangedBy, clock.GetUtcNow());
                await store.SaveAsync(account, ct);
                return Unit.Value;
            },
            cancellationToken);
    }
}
