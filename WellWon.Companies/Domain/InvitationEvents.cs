using WellWon.Platform.Kernel;

namespace WellWon.Companies.Domain;

// The company stream's invitation facts, internal to Companies (the public ones are in Contracts/CompanyEvents.cs).
// The invitee's address is kept in clear: admins list it and accept compares with it; only the token's hash is stored.

[EventType("companies.invitation-issued.v1")]
public sealed record InvitationIssued(
    Guid CompanyId,
    Guid InvitationId,
    string Email,
    string Role,
    string TokenHash,
    DateTimeOffset ExpiresAt,
    Guid InvitedBy,
    DateTimeOffset IssuedAt) : IDomainEvent;

/// <summary>The invitee (signed in as <see cref="UserId"/>, with the invited address) accepted; a ParticipantAdded follows in the same append.</summary>
[EventType("companies.invitation-accepted.v1")]
public sealed record InvitationAccepted(Guid CompanyId, Guid InvitationId, Guid UserId, DateTimeOffset AcceptedAt) : IDomainEvent;

[EventType("companies.invitation-declined.v1")]
public sealed record InvitationDeclined(Guid CompanyId, Guid InvitationId, Guid UserId, DateTimeOffset DeclinedAt) : IDomainEvent;

[EventType("companies.invitation-revoked.v1")]
public sealed record InvitationRevoked(Guid CompanyId, Guid InvitationId, Guid RevokedBy, DateTimeOffset RevokedAt) : IDomainEvent;
