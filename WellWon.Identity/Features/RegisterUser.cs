using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Npgsql;
using WellWon.Identity.Contracts;
using WellWon.Identity.Domain;
using WellWon.Identity.Mail;
using WellWon.Identity.Sessions;
using WellWon.Identity.Shredding;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Identity.Features;

/// <summary>Opens an entrepreneur account (the JSON body of <c>POST /api/auth/register</c>).</summary>
public sealed record RegisterUser(
    string Email,
    string Password,
    string FirstName,
    string LastName,
    string? AvatarUrl = null,
    string? Bio = null,
    string? Phone = null) : ICommand<RegisteredUser>;

public sealed record RegisteredUser(Guid Id);

public sealed class RegisterUserValidator : AbstractValidator<RegisterUser>
{
    public RegisterUserValidator()
    {
        RuleFor(x => x.Email).NotEmpty().MaximumLength(Domain.Email.MaxLength)
            .Must(e => Domain.Email.TryParse(e, out _)).WithMessage("'Email' is not a valid e-mail address.");
        RuleFor(x => x.Password).NotEmpty().MinimumLength(PasswordPolicy.MinLength).MaximumLength(PasswordPolicy.MaxLength)
            .Must((x, password) => PasswordPolicy.Check(password, x.Email) is null).WithMessage("A password must not be the e-mail address.");
        RuleFor(x => x.FirstName).NotEmpty().MaximumLength(100);
        RuleFor(x => x.LastName).NotEmpty().MaximumLength(100);
        RuleFor(x => x.AvatarUrl).MaximumLength(2048).Must(BeAbsoluteHttpUrl!).When(x => !string.IsNullOrEmpty(x.AvatarUrl))
            .WithMessage("'Avatar Url' must be an absolute http(s) URL.");
        RuleFor(x => x.Bio).MaximumLength(2000);
        RuleFor(x => x.Phone).MaximumLength(32).Matches(@"^\+?[0-9 ()\-]{3,32}$").When(x => !string.IsNullOrEmpty(x.Phone));
    }

    internal static bool BeAbsoluteHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

public sealed class RegisterUserHandler(AccountRegistration registration) : ICommandHandler<RegisterUser, RegisteredUser>
{
    public async ValueTask<RegisteredUser> Handle(RegisterUser command, CancellationToken cancellationToken)
    {
        var id = await registration.RegisterAsync(
            Email.Parse(command.Email),
            command.Password,
            new PersonalProfile(command.FirstName, command.LastName, command.AvatarUrl, command.Bio, command.Phone),
            UserTypes.Entrepreneur,
            emailVerified: false,
            cancellationToken);
        return new RegisteredUser(id);
    }
}

/// <summary>Hands out user numbers from <c>identity.user_number_seq</c> (gaps from failed registrations are fine).</summary>
public sealed class UserNumberSequence(NpgsqlDataSource db)
{
    public async Task<long> NextAsync(CancellationToken ct)
    {
        await using var next = db.CreateCommand("SELECT nextval('identity.user_number_seq')");
        return (long)(await next.ExecuteScalarAsync(ct))!;
    }
}

/// <summary>
/// Registration, shared by the endpoint and the start-up administrator: reserve the address (its own stream, appended with
/// optimistic concurrency, so of two racing registrations one loses with 409), then create the key and the account stream.
/// If the account cannot be written the reservation is released; if the process dies in between, the reservation is taken
/// over once <see cref="EmailReservation.PendingTimeout"/> has passed without the account appearing.
/// </summary>
public sealed class AccountRegistration(
    IAggregateStore store,
    MasterKey master,
    UserKeyStore keys,
    UserNumberSequence numbers,
    IPasswordHasher hasher,
    OneTimeTokenStore tokens,
    IdentityMails mails,
    IOptions<IdentityOptions> options,
    TimeProvider clock)
{
    public async Task<Guid> RegisterAsync(
        Email email, string password, PersonalProfile profile, string userType, bool emailVerified, CancellationToken ct)
    {
        // The rules that need no I/O are checked before anything is reserved.
        PasswordPolicy.Ensure(password, email);
        var userId = Guid.CreateVersion7();
        var reservationId = master.EmailReservationId(email);
        var reservedAt = clock.GetUtcNow();

        var reservation = await store.TryLoadAsync<EmailReservation>(reservationId, ct) ?? EmailReservation.New(reservationId);
        var holderActive = reservation.State.Holder is { } holder
            && await store.TryLoadAsync<UserAccount>(holder, ct) is { State.Deleted: false };
        reservation.Reserve(userId, reservedAt, holderActive);
        try
        {
            await store.SaveAsync(reservation, ct);
        }
        catch (WrongExpectedVersionException)
        {
            throw new EmailTakenException();
        }

        try
        {
            var number = await numbers.NextAsync(ct);
            var cipher = await keys.GetOrCreateAsync(userId, ct);
            var account = UserAccount.Create(userId, number, userType, email, reservationId, profile, password, hasher, cipher, clock.GetUtcNow());
            if (emailVerified)
            {
                account.VerifyEmail(clock.GetUtcNow());
            }

            // Past half the timeout another registration may be about to take the reservation over; give up rather than race it.
            if (clock.GetUtcNow() - reservedAt > EmailReservation.PendingTimeout / 2)
            {
                throw new TimeoutException("The registration took too long; try again.");
            }

            await store.SaveAsync(account, ct);
        }
        catch
        {
            await ReleaseAsync(reservation, userId);
            throw;
        }

        if (!emailVerified)
        {
            var token = await tokens.IssueAsync(userId, TokenPurpose.VerifyEmail, options.Value.VerificationTokenLifetime, ct);
            await mails.SendVerificationAsync(email.Value, token, ct);
        }

        return userId;
    }

    private async Task ReleaseAsync(EmailReservation reservation, Guid userId)
    {
        try
        {
            // A save that failed after its commit (a lost reply) did write the account; its address stays reserved.
            if (await store.TryLoadAsync<UserAccount>(userId, CancellationToken.None) is not null)
            {
                return;
            }

            reservation.Release(userId, clock.GetUtcNow());
            await store.SaveAsync(reservation, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The pending timeout frees the address anyway.
        }
    }
}
