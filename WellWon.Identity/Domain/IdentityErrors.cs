using WellWon.Platform.Kernel;

namespace WellWon.Identity.Domain;

/// <summary>Wrong e-mail or password, unknown or deleted account alike (the caller learns nothing more); becomes 401.</summary>
public sealed class InvalidCredentialsException()
    : DomainException("identity.invalid-credentials", "The e-mail or the password is wrong.");

/// <summary>Too many failed logins in the lockout window; becomes 429 with Retry-After.</summary>
public sealed class AccountLockedException(TimeSpan retryAfter)
    : DomainException("identity.account-locked", "Too many failed logins. Try again later.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>The address already belongs to an account (or a registration of it is in flight); becomes 409.</summary>
public sealed class EmailTakenException()
    : DomainException("identity.email-taken", "An account with this e-mail address already exists.");

/// <summary>A refresh token that is unknown, expired, revoked or reused; becomes 401.</summary>
public sealed class InvalidSessionException()
    : DomainException("identity.session-invalid", "The session is not valid. Sign in again.");

/// <summary>A verification or reset token that is unknown, used or expired; becomes 400 naming <c>token</c>.</summary>
public sealed class InvalidTokenException()
    : DomainException("identity.token-invalid", "The code is not valid or has expired.");
