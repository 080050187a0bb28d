using FluentValidation;
using Mediator;
using WellWon.Identity.Domain;
using WellWon.Identity.Sessions;
using WellWon.Identity.Shredding;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

using WellWon.Platform.Mediator;

namespace WellWon.Identity.Features;

/// <summary>The JSON body of <c>DELETE /api/auth/account</c>.</summary>
public sealed record DeleteAccountRequest(string Password);

/// <summary>Erases the signed-in user's account, confirmed with the password.</summary>
public sealed record DeleteAccount(Guid UserId, string Password) : ICommand, IRequireAuthenticatedUser;

public sealed class DeleteAccountValidator : AbstractValidator<DeleteAccount>
{
    public DeleteAccountValidator() => RuleFor(x => x.Password).NotEmpty().MaximumLength(PasswordPolicy.MaxLength);
}

/// <summary>
/// Records the deletion first (so it stands whatever fails next), then frees the address, destroys the user's key — from then
/// on every sealed field of this user in the log, its copies and any replay reads as erased — and ends sessions and codes.
/// </summary>
public sealed class DeleteAccountHandler(
    IAggregateStore store,
    IPasswordHasher hasher,
    UserKeyStore keys,
    SessionStore sessions,
    OneTimeTokenStore tokens,
    TimeProvider clock) : ICommandHandler<DeleteAccount>
{
    public async ValueTask<Unit> Handle(DeleteAccount command, CancellationToken cancellationToken)
    {
        var account = await ConcurrencyRetry.RunAsync(
            async ct =>
            {
                var account = await store.LoadAsync<UserAccount>(command.UserId, ct);
                account.Delete(command.Password, hasher, clock.GetUtcNow());
                await store.SaveAsync(account, ct);
                return account;
            },
            cancellationToken);

        await ConcurrencyRetry.RunAsync(
            async ct =>
            {
                if (await store.TryLoadAsync<EmailReservation>(account.State.EmailReservationId, ct) is { } reservation)
                {
                    reservation.Release(account.Id, clock.GetUtcNow());
                    await store.SaveAsync(reservation, ct);
                }

                return true;
            },
            cancellationToken);
        await keys.DestroyAsync(account.Id, cancellationToken);
        await sessions.RevokeAllAsync(account.Id, keep: null, cancellationToken);
        await tokens.RetireAllAsync(account.Id, cancellationToken);
        return Unit.Value;
    }
}
