using WellWon.Identity.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Identity.Domain;

// The identity-user stream's internal facts; the public ones are in Contracts/IdentityEvents.cs.

/// <summary>The password was set: at registration or by the user who knew the old one.</summary>
[EventType("identity.password-changed.v1")]
public sealed record PasswordChanged(Guid UserId, string PasswordHash, DateTimeOffset ChangedAt) : IDomainEvent;

/// <summary>The password was replaced through an e-mailed reset token.</summary>
[EventType("identity.password-reset.v1")]
public sealed record PasswordReset(Guid UserId, string PasswordHash, DateTimeOffset ResetAt) : IDomainEvent;

[EventType("identity.user-authenticated.v1")]
public sealed record UserAuthenticated(Guid UserId, DateTimeOffset AuthenticatedAt) : IDomainEvent;

/// <summary>A wrong password was given; five of these within the lockout window lock the account.</summary>
[EventType("identity.login-failed.v1")]
public sealed record LoginFailed(Guid UserId, DateTimeOffset FailedAt) : IDomainEvent;

/// <summary>Profile fields changed; a null field is unchanged, a sealed empty string clears an optional one.</summary>
[EventType("identity.profile-updated.v1")]
public sealed record ProfileUpdated(
    Guid UserId,
    Sealed? FirstName,
    Sealed? LastName,
    Sealed? AvatarUrl,
    Sealed? Bio,
    Sealed? Phone,
    DateTimeOffset UpdatedAt) : IDomainEvent;

/// <summary>An address was claimed for a user account (the stream is named after a keyed hash of the address, never the address).</summary>
[EventType("identity.email-reserved.v1")]
public sealed record EmailReserved(Guid ReservationId, Guid UserId, DateTimeOffset ReservedAt, Guid? TakenOverFrom) : IDomainEvent;

[EventType("identity.email-reservation-released.v1")]
public sealed record EmailReservationReleased(Guid ReservationId, Guid UserId, DateTimeOffset ReleasedAt) : IDomainEvent;
