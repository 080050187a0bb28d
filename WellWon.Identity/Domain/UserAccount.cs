using System.Collections.Immutable;
using WellWon.Identity.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Identity.Domain;

/// <summary>What a registration gives about the person, in clear; the aggregate seals it before it becomes an event.</summary>
public sealed record PersonalProfile(string FirstName, string LastName, string? AvatarUrl = null, string? Bio = null, string? Phone = null);

/// <summary>A partial profile update: null leaves a field as it is, an empty string clears an optional one.</summary>
public sealed record ProfileChanges(string? FirstName = null, string? LastName = null, string? AvatarUrl = null, string? Bio = null, string? Phone = null)
{
    public bool IsEmpty => FirstName is null && LastName is null && AvatarUrl is null && Bio is null && Phone is null;
}

public enum LoginResult
{
    Succeeded,
    WrongPassword,
    LockedOut,
}

/// <summary>How a login attempt ended; <see cref="RetryAfter"/> is set when locked out.</summary>
public readonly record struct LoginOutcome(LoginResult Result, TimeSpan RetryAfter = default);

public sealed record UserAccountState : AggregateState<UserAccountState>
{
    public long UserNumber { get; init; }

    public string UserType { get; init; } = UserTypes.Entrepreneur;

    public Guid EmailReservationId { get; init; }

    public Sealed Email { get; init; }

    public Sealed FirstName { get; init; }

    public Sealed LastName { get; init; }

    public Sealed? AvatarUrl { get; init; }

    public Sealed? Bio { get; init; }

    public Sealed? Phone { get; init; }

    public string? PasswordHash { get; init; }

    public bool EmailVerified { get; init; }

    public bool Deleted { get; init; }

    /// <summary>The latest failed logins since the last success or password reset (at most the lockout threshold).</summary>
    public ImmutableList<DateTimeOffset> RecentFailures { get; init; } = [];

    public UserAccountState()
    {
        On<UserAccountCreated>((s, e) => s with
        {
            UserNumber = e.UserNumber,
            UserType = e.UserType,
            EmailReservationId = e.EmailReservationId,
            Email = e.Email,
            FirstName = e.FirstName,
            LastName = e.LastName,
            AvatarUrl = e.AvatarUrl,
            Bio = e.Bio,
            Phone = e.Phone,
        });
        On<PasswordChanged>((s, e) => s with { PasswordHash = e.PasswordHash });
        On<PasswordReset>((s, e) => s with { PasswordHash = e.PasswordHash, RecentFailures = [] });
        On<UserAuthenticated>((s, _) => s with { RecentFailures = [] });
        On<LoginFailed>((s, e) => s with { RecentFailures = Trim(s.RecentFailures.Add(e.FailedAt)) });
        On<ProfileUpdated>((s, e) => s with
        {
            FirstName = e.FirstName ?? s.FirstName,
            LastName = e.LastName ?? s.LastName,
            AvatarUrl = e.AvatarUrl ?? s.AvatarUrl,
            Bio = e.Bio ?? s.Bio,
            Phone = e.Phone ?? s.Phone,
        });
        On<EmailVerified>((s, _) => s with { EmailVerified = true });
        On<UserRoleChanged>((s, e) => s with { UserType = e.To });
        On<UserAccountDeleted>((s, _) => s with { Deleted = true, RecentFailures = [] });
    }

    private static ImmutableList<DateTimeOffset> Trim(ImmutableList<DateTimeOffset> failures) =>
        failures.Count > UserAccount.LockoutThreshold ? failures.RemoveRange(0, failures.Count - UserAccount.LockoutThreshold) : failures;
}

/// <summary>
/// A person's WellWon account: credentials, profile, role and the rules around them. It never sees personal data in a form
/// that could reach the log: every personal field is sealed with the user's key before it becomes an event.
/// </summary>
[StreamCategory("identity-user")]
public sealed class UserAccount : Aggregate<UserAccountState>
{
    public const int LockoutThreshold = 5;

    public static readonly TimeSpan LockoutWindow = TimeSpan.FromMinutes(15);

    public static UserAccount Create(
        Guid id,
        long userNumber,
        string userType,
        Email email,
        Guid emailReservationId,
        PersonalProfile profile,
        string password,
        IPasswordHasher hasher,
        IPersonalDataCipher cipher,
        DateTimeOffset now)
    {
        if (!UserTypes.IsValid(userType))
        {
            throw new DomainException("identity.user-type-invalid", $"'{userType}' is not a user type.");
        }

        EnsureName(profile.FirstName, "first");
        EnsureName(profile.LastName, "last");
        PasswordPolicy.Ensure(password, email);
        EnsureCipherFor(cipher, id);

        var account = new UserAccount { Id = id };
        account.Apply(new UserAccountCreated(
            id,
            userNumber,
            userType,
            emailReservationId,
            cipher.Seal(email.Value),
            cipher.Seal(profile.FirstName.Trim()),
            cipher.Seal(profile.LastName.Trim()),
            SealOptional(cipher, profile.AvatarUrl),
            SealOptional(cipher, profile.Bio),
            SealOptional(cipher, profile.Phone),
            now));
        account.Apply(new PasswordChanged(id, hasher.Hash(password), now));
        return account;
    }

    /// <summary>When the account is locked out at <paramref name="now"/>, how long until it is not; null when it is not locked.</summary>
    public TimeSpan? LockedOutFor(DateTimeOffset now)
    {
        var failures = State.RecentFailures;
        if (failures.Count < LockoutThreshold)
        {
            return null;
        }

        var unlockAt = failures[^LockoutThreshold] + LockoutWindow;
        return unlockAt > now ? unlockAt - now : null;
    }

    /// <summary>Checks a password. A wrong one is recorded (it counts towards the lockout); while locked out nothing is checked or recorded.</summary>
    public LoginOutcome Authenticate(string password, IPasswordHasher hasher, DateTimeOffset now)
    {
        EnsureActive();
        if (LockedOutFor(now) is { } retryAfter)
        {
            return new LoginOutcome(LoginResult.LockedOut, retryAfter);
        }

        if (State.PasswordHash is null || !hasher.Verify(State.PasswordHash, password))
        {
            Apply(new LoginFailed(Id, now));
            return new LoginOutcome(LoginResult.WrongPassword);
        }

        Apply(new UserAuthenticated(Id, now));
        return new LoginOutcome(LoginResult.Succeeded);
    }

    public void ChangePassword(string currentPassword, string newPassword, IPasswordHasher hasher, IPersonalDataCipher cipher, DateTimeOffset now)
    {
        EnsureActive();
        EnsurePassword(currentPassword, hasher);
        if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal))
        {
            throw new DomainException("identity.password-unchanged", "The new password must differ from the current one.");
        }

        PasswordPolicy.Ensure(newPassword, OpenEmail(cipher));
        Apply(new PasswordChanged(Id, hasher.Hash(newPassword), now));
    }

    /// <summary>Sets a new password without the old one; the caller has checked a reset token. Clears the lockout.</summary>
    public void ResetPassword(string newPassword, IPasswordHasher hasher, IPersonalDataCipher cipher, DateTimeOffset now)
    {
        EnsureActive();
        PasswordPolicy.Ensure(newPassword, OpenEmail(cipher));
        Apply(new PasswordReset(Id, hasher.Hash(newPassword), now));
    }

    public void UpdateProfile(ProfileChanges changes, IPersonalDataCipher cipher, DateTimeOffset now)
    {
        EnsureActive();
        if (changes.IsEmpty)
        {
            throw new DomainException("identity.profile-unchanged", "Give at least one field to change.");
        }

        if (changes.FirstName is not null)
        {
            EnsureName(changes.FirstName, "first");
        }

        if (changes.LastName is not null)
        {
            EnsureName(changes.LastName, "last");
        }

        EnsureCipherFor(cipher, Id);
        Apply(new ProfileUpdated(
            Id,
            changes.FirstName is null ? null : cipher.Seal(changes.FirstName.Trim()),
            changes.LastName is null ? null : cipher.Seal(changes.LastName.Trim()),
            changes.AvatarUrl is null ? null : cipher.Seal(changes.AvatarUrl.Trim()),
            changes.Bio is null ? null : cipher.Seal(changes.Bio.Trim()),
            changes.Phone is null ? null : cipher.Seal(changes.Phone.Trim()),
            now));
    }

    public void VerifyEmail(DateTimeOffset now)
    {
        EnsureActive();
        if (State.EmailVerified)
        {
            throw new DomainException("identity.email-already-verified", "The e-mail address is already verified.");
        }

        Apply(new EmailVerified(Id, now));
    }

    /// <summary>Gives the account another user type. Nobody changes their own (so the last administrator cannot demote themselves).</summary>
    public void ChangeRole(string userType, Guid changedBy, DateTimeOffset now)
    {
        EnsureActive();
        if (!UserTypes.IsValid(userType))
        {
            throw new DomainException("identity.user-type-invalid", $"'{userType}' is not a user type.");
        }

        if (changedBy == Id)
        {
            throw new DomainException("identity.own-role", "Nobody changes their own role.");
        }

        if (string.Equals(State.UserType, userType, StringComparison.Ordinal))
        {
            return;
        }

        Apply(new UserRoleChanged(Id, State.UserType, userType, changedBy, now));
    }

    /// <summary>Deletes the account once the owner confirms with the password; the handler then destroys the key (crypto-shredding).</summary>
    public void Delete(string password, IPasswordHasher hasher, DateTimeOffset now)
    {
        EnsureActive();
        EnsurePassword(password, hasher);
        Apply(new UserAccountDeleted(Id, now));
    }

    private void EnsureActive()
    {
        if (State.Deleted)
        {
            throw new DomainException("identity.account-deleted", "The account has been deleted.");
        }
    }

    private void EnsurePassword(string password, IPasswordHasher hasher)
    {
        if (State.PasswordHash is null || !hasher.Verify(State.PasswordHash, password))
        {
            throw new DomainException("identity.wrong-password", "The password is wrong.");
        }
    }

    private Email OpenEmail(IPersonalDataCipher cipher)
    {
        EnsureCipherFor(cipher, Id);
        return Email.Parse(cipher.Open(State.Email));
    }

    private static void EnsureName(string name, string which)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("identity.name-required", $"The {which} name is required.");
        }
    }

    private static void EnsureCipherFor(IPersonalDataCipher cipher, Guid userId)
    {
        if (cipher.UserId != userId || cipher.IsErased)
        {
            throw new InvalidOperationException($"The personal data cipher is not the live key of user {userId}.");
        }
    }

    private static Sealed? SealOptional(IPersonalDataCipher cipher, string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : cipher.Seal(value.Trim());
}
