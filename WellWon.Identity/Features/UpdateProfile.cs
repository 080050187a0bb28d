using FluentValidation;
using Mediator;
using WellWon.Identity.Domain;
using WellWon.Identity.Shredding;
using WellWon.Platform.Kernel;

using WellWon.Platform.Mediator;

namespace WellWon.Identity.Features;

/// <summary>The JSON body of <c>PATCH /api/auth/profile</c>: an absent or null field stays, an empty string clears an optional one.</summary>
public sealed record UpdateProfileRequest(string? FirstName, string? LastName, string? AvatarUrl, string? Bio, string? Phone);

public sealed record UpdateProfile(Guid UserId, string? FirstName, string? LastName, string? AvatarUrl, string? Bio, string? Phone) : ICommand, IRequireAuthenticatedUser;

public sealed class UpdateProfileValidator : AbstractValidator<UpdateProfile>
{
    public UpdateProfileValidator()
    {
        RuleFor(x => x.FirstName).NotEmpty().MaximumLength(100).When(x => x.FirstName is not null);
        RuleFor(x => x.LastName).NotEmpty().MaximumLength(100).When(x => x.LastName is not null);
        RuleFor(x => x.AvatarUrl).MaximumLength(2048).Must(RegisterUserValidator.BeAbsoluteHttpUrl!).When(x => !string.IsNullOrEmpty(x.AvatarUrl))
            .WithMessage("'Avatar Url' must be an absolute http(s) URL.");
        RuleFor(x => x.Bio).MaximumLength(2000);
        RuleFor(x => x.Phone).MaximumLength(32).Matches(@"^\+?[0-9 ()\-]{3,32}$").When(x => !string.IsNullOrEmpty(x.Phone));
        RuleFor(x => x).Must(x => x.FirstName is not null || x.LastName is not null || x.AvatarUrl is not null || x.Bio is not null || x.Phone is not null)
            .OverridePropertyName("profile").WithMessage("Give at least one field to change.");
    }
}

public sealed class UpdateProfileHandler(IAggregateStore store, UserKeyStore keys, TimeProvider clock) : ICommandHandler<UpdateProfile>
{
    public async ValueTask<Unit> Handle(UpdateProfile command, CancellationToken cancellationToken)
    {
        var cipher = await keys.GetAsync(command.UserId, cancellationToken);
        return await ConcurrencyRetry.RunAsync(
            async ct =>
            {
                var account = await store.LoadAsync<UserAccount>(command.UserId, ct);
                account.UpdateProfile(
                    new ProfileChanges(command.FirstName, command.LastName, command.AvatarUrl, command.Bio, command.Phone),
                    cipher,
                    clock.GetUtcNow());
                await store.SaveAsync(account, ct);
                return Unit.Value;
            },
            cancellationToken);
    }
}
