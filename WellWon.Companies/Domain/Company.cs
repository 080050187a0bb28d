using System.Collections.Immutable;
using WellWon.Companies.Contracts;
using WellWon.Platform.Kernel;
using WellWon.Platform.Tenancy;

namespace WellWon.Companies.Domain;

public enum InvitationStatus
{
    Pending,
    Accepted,
    Declined,
    Revoked,
}

/// <summary>An invitation as the company remembers it: to whom, as what, until when, and only the hash of its token.</summary>
public sealed record Invitation(Guid Id, string Email, CompanyRole Role, string TokenHash, DateTimeOffset ExpiresAt, Guid InvitedBy, InvitationStatus Status)
{
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;
}

/// <summary>What a new company is, as the creator gives it (normalised and checked by <see cref="Company.Create"/>).</summary>
public sealed record CompanyDetails(string Name, string Country, string CompanyType, string? TaxId = null, CompanyAddress? Address = null);

/// <summary>A partial change: null leaves a field as it is; an empty <see cref="TaxId"/> removes the tax id.</summary>
public sealed record CompanyChanges(string? Name = null, string? TaxId = null, CompanyAddress? Address = null);

public sealed record CompanyState : AggregateState<CompanyState>
{
    public string Name { get; init; } = string.Empty;

    public string Country { get; init; } = string.Empty;

    public string CompanyType { get; init; } = string.Empty;

    public string? TaxId { get; init; }

    public CompanyAddress? Address { get; init; }

    public string Status { get; init; } = CompanyStatuses.Active;

    public ImmutableDictionary<Guid, CompanyRole> Participants { get; init; } = ImmutableDictionary<Guid, CompanyRole>.Empty;

    public ImmutableDictionary<Guid, Invitation> Invitations { get; init; } = ImmutableDictionary<Guid, Invitation>.Empty;

    public int OwnerCount() => Participants.Values.Count(r => r == CompanyRole.Owner);

    public CompanyState()
    {
        On<CompanyCreated>((s, e) => s with
        {
            Name = e.Name,
            Country = e.Country,
            CompanyType = e.CompanyType,
            TaxId = e.TaxId,
            Address = e.Address,
            Status = CompanyStatuses.Active,
            Participants = s.Participants.SetItem(e.OwnerUserId, CompanyRole.Owner),
        });
        On<CompanyDetailsUpdated>((s, e) => s with { Name = e.Name, TaxId = e.TaxId, Address = e.Address });
        On<CompanyArchived>((s, _) => s with { Status = CompanyStatuses.Archived });
        On<CompanySuspended>((s, _) => s with { Status = CompanyStatuses.Suspended });
        On<CompanyReactivated>((s, _) => s with { Status = CompanyStatuses.Active });
        On<ParticipantAdded>((s, e) => s with { Participants = s.Participants.SetItem(e.UserId, CompanyRoles.Parse(e.Role)) });
        On<ParticipantRoleChanged>((s, e) => s with { Participants = s.Participants.SetItem(e.UserId, CompanyRoles.Parse(e.Role)) });
        On<ParticipantRemoved>((s, e) => s with { Participants = s.Participants.Remove(e.UserId) });
        On<InvitationIssued>((s, e) => s with
        {
            Invitations = s.Invitations.SetItem(
                e.InvitationId,
                new Invitation(e.InvitationId, e.Email, CompanyRoles.Parse(e.Role), e.TokenHash, e.ExpiresAt, e.InvitedBy, InvitationStatus.Pending)),
        });
        On<InvitationAccepted>((s, e) => s.WithInvitationStatus(e.InvitationId, InvitationStatus.Accepted));
        On<InvitationDeclined>((s, e) => s.WithInvitationStatus(e.InvitationId, InvitationStatus.Declined));
        On<InvitationRevoked>((s, e) => s.WithInvitationStatus(e.InvitationId, InvitationStatus.Revoked));
    }

    private CompanyState WithInvitationStatus(Guid invitationId, InvitationStatus status) =>
        Invitations.TryGetValue(invitationId, out var invitation)
            ? this with { Invitations = Invitations.SetItem(invitationId, invitation with { Status = status }) }
            : this;
}

/// <summary>
/// A company, WellWon's tenant: its legal details, its participants and their roles, and the invitations that bring new
/// participants in. It decides who may change what, so no read model is asked: a caller who is not a participant is told the
/// company does not exist; a participant whose role is too weak is refused (403); an archived or suspended company changes no more.
/// </summary>
[StreamCategory("companies-company")]
public sealed class Company : Aggregate<CompanyState>
{
    public const int NameMaxLength = 200;
    public const int AddressFieldMaxLength = 200;

    public static Company Create(Guid id, Guid ownerId, CompanyDetails details, DateTimeOffset now)
    {
        var name = CheckName(details.Name);
        var country = CountryCodes.Normalize(details.Country)
            ?? throw new DomainException(CompanyErrors.CountryInvalid, $"'{details.Country}' is not an ISO 3166-1 alpha-2 country code.");
        if (!CompanyTypes.All.Contains(details.CompanyType))
        {
            throw new DomainException(CompanyErrors.CompanyTypeInvalid, $"'{details.CompanyType}' is not a company type ({string.Join(", ", CompanyTypes.All)}).");
        }

        var company = new Company { Id = id };
        company.Apply(new CompanyCreated(id, name, country, details.CompanyType, CheckTaxId(country, details.TaxId), CheckAddress(details.Address), ownerId, now));
        return company;
    }

    /// <summary>The user's role, or null when the user does not participate.</summary>
    public CompanyRole? RoleOf(Guid userId) => State.Participants.TryGetValue(userId, out var role) ? role : null;

    public void UpdateDetails(Guid actor, CompanyChanges changes, DateTimeOffset now)
    {
        Require(actor, CompanyRole.Admin);
        EnsureChangeable();
        var name = changes.Name is null ? State.Name : CheckName(changes.Name);
        var taxId = changes.TaxId is null ? State.TaxId : CheckTaxId(State.Country, changes.TaxId);
        var address = changes.Address is null ? State.Address : CheckAddress(changes.Address);
        if (name == State.Name && taxId == State.TaxId && address == State.Address)
        {
            return;
        }

        Apply(new CompanyDetailsUpdated(Id, name, taxId, address, actor, now));
    }

    /// <summary>An owner archives the company: from then on it is read-only for good, pending invitations included.</summary>
    public void Archive(Guid actor, DateTimeOffset now)
    {
        Require(actor, CompanyRole.Owner);
        EnsureChangeable();
        Apply(new CompanyArchived(Id, actor, now));
    }

    /// <summary>WellWon staff freeze the company (the caller has checked the staff role; staff need not participate).</summary>
    public void Suspend(Guid by, string? reason, DateTimeOffset now)
    {
        EnsureNotArchived();
        if (State.Status == CompanyStatuses.Suspended)
        {
            return;
        }

        Apply(new CompanySuspended(Id, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), by, now));
    }

    public void Reactivate(Guid by, DateTimeOffset now)
    {
        EnsureNotArchived();
        if (State.Status != CompanyStatuses.Suspended)
        {
            throw new DomainException(CompanyErrors.NotSuspended, "The company is not suspended.");
        }

        Apply(new CompanyReactivated(Id, by, now));
    }

    /// <summary>
    /// An owner or admin invites an address to join as <paramref name="role"/> (at most the inviter's own role) until
    /// <paramref name="expiresAt"/>; one open invitation per address at a time.
    /// </summary>
    public void Invite(Guid actor, Guid invitationId, string email, CompanyRole role, string tokenHash, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var actorRole = Require(actor, CompanyRole.Admin);
        EnsureChangeable();
        var address = EmailAddress.Normalize(email) ?? throw new DomainException(CompanyErrors.EmailInvalid, "That is not an e-mail address.");
        EnsureMayGrant(actorRole, role);
        if (expiresAt <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAt), expiresAt, "An invitation must expire after it is issued.");
        }

        if (State.Invitations.ContainsKey(invitationId))
        {
            throw new InvalidOperationException($"Invitation {invitationId} already exists.");
        }

        if (State.Invitations.Values.Any(i => i.Status == InvitationStatus.Pending && !i.IsExpiredAt(now) && i.Email == address))
        {
            throw new DomainException(CompanyErrors.InvitationAlreadyPending, "This address already has an open invitation; revoke it first to send another.");
        }

        Apply(new InvitationIssued(Id, invitationId, address, CompanyRoles.NameOf(role), tokenHash, expiresAt, actor, now));
    }

    /// <summary>
    /// The signed-in <paramref name="userId"/>, whose account address is <paramref name="email"/>, accepts with the token:
    /// the invitation must be open and addressed to that e-mail; the user joins with the invited role. Returns the role.
    /// </summary>
    public CompanyRole AcceptInvitation(Guid invitationId, string token, Guid userId, string? email, DateTimeOffset now)
    {
        var invitation = OpenInvitationFor(invitationId, token, email, now);
        if (State.Participants.ContainsKey(userId))
        {
            throw new DomainException(CompanyErrors.AlreadyParticipant, "You already participate in this company.");
        }

        Apply(new InvitationAccepted(Id, invitationId, userId, now));
        Apply(new ParticipantAdded(Id, userId, CompanyRoles.NameOf(invitation.Role), now));
        return invitation.Role;
    }

    public void DeclineInvitation(Guid invitationId, string token, Guid userId, string? email, DateTimeOffset now)
    {
        OpenInvitationFor(invitationId, token, email, now);
        Apply(new InvitationDeclined(Id, invitationId, userId, now));
    }

    /// <summary>An owner or admin withdraws a pending invitation (one for a role above the actor's own only an owner may withdraw).</summary>
    public void RevokeInvitation(Guid actor, Guid invitationId, DateTimeOffset now)
    {
        var actorRole = Require(actor, CompanyRole.Admin);
        EnsureChangeable();
        if (!State.Invitations.TryGetValue(invitationId, out var invitation))
        {
            throw CompanyErrors.InvitationNotFoundFor(invitationId);
        }

        EnsureMayGrant(actorRole, invitation.Role);
        if (invitation.Status != InvitationStatus.Pending)
        {
            throw NotPending(invitation);
        }

        Apply(new InvitationRevoked(Id, invitationId, actor, now));
    }

    /// <summary>
    /// An owner or admin gives a participant another role: never above the actor's own, an admin never touches an owner,
    /// and the last owner stays an owner.
    /// </summary>
    public void ChangeRole(Guid actor, Guid userId, CompanyRole role, DateTimeOffset now)
    {
        var actorRole = Require(actor, CompanyRole.Admin);
        EnsureChangeable();
        var current = RoleOf(userId) ?? throw ParticipantNotFound(userId);
        if (current == CompanyRole.Owner && actorRole != CompanyRole.Owner)
        {
            throw new DomainException(CompanyErrors.OwnerProtected, "Only an owner changes an owner's role.");
        }

        EnsureMayGrant(actorRole, role);
        if (current == role)
        {
            return;
        }

        if (current == CompanyRole.Owner && State.OwnerCount() == 1)
        {
            throw new DomainException(CompanyErrors.LastOwner, "The last owner cannot be demoted; make someone else an owner first.");
        }

        Apply(new ParticipantRoleChanged(Id, userId, CompanyRoles.NameOf(role), actor, now));
    }

    /// <summary>
    /// An owner or admin removes a participant (an admin never an owner), or a participant leaves (<paramref name="userId"/> is
    /// the actor). The last owner can do neither. The removed user loses access with this event.
    /// </summary>
    public void RemoveParticipant(Guid actor, Guid userId, DateTimeOffset now)
    {
        var actorRole = RoleOf(actor) ?? throw CompanyAccessExtensions.CompanyNotFound(Id);
        var leaving = actor == userId;
        if (!leaving && actorRole < CompanyRole.Admin)
        {
            throw CompanyAccessExtensions.RoleTooWeak(CompanyRole.Admin);
        }

        EnsureChangeable();
        var current = RoleOf(userId) ?? throw ParticipantNotFound(userId);
        if (!leaving && current == CompanyRole.Owner && actorRole != CompanyRole.Owner)
        {
            throw new DomainException(CompanyErrors.OwnerProtected, "Only an owner removes an owner.");
        }

        if (current == CompanyRole.Owner && State.OwnerCount() == 1)
        {
            throw new DomainException(CompanyErrors.LastOwner, "The last owner cannot leave; make someone else an owner first, or archive the company.");
        }

        Apply(new ParticipantRemoved(Id, userId, actor, now));
    }

    /// <summary>The actor's role when it is at least <paramref name="atLeast"/>; a non-participant learns nothing (404), a weaker role is refused (403).</summary>
    private CompanyRole Require(Guid actor, CompanyRole atLeast)
    {
        var role = RoleOf(actor) ?? throw CompanyAccessExtensions.CompanyNotFound(Id);
        return role >= atLeast ? role : throw CompanyAccessExtensions.RoleTooWeak(atLeast);
    }

    private Invitation OpenInvitationFor(Guid invitationId, string token, string? email, DateTimeOffset now)
    {
        if (!State.Invitations.TryGetValue(invitationId, out var invitation) || !InvitationToken.Matches(invitation.TokenHash, token))
        {
            throw CompanyErrors.InvitationNotFoundFor(invitationId);
        }

        EnsureChangeable();
        if (invitation.Status != InvitationStatus.Pending)
        {
            throw NotPending(invitation);
        }

        if (invitation.IsExpiredAt(now))
        {
            throw new DomainException(CompanyErrors.InvitationExpired, "The invitation has expired; ask for a new one.");
        }

        if (email is null)
        {
            throw new DomainException(CompanyErrors.EmailUnknown, "Your sign-in carries no e-mail address; sign in again.");
        }

        if (EmailAddress.Normalize(email) != invitation.Email)
        {
            throw new DomainException(CompanyErrors.InvitationEmailMismatch, "The invitation was sent to another e-mail address; sign in with that one.");
        }

        return invitation;
    }

    private void EnsureChangeable()
    {
        EnsureNotArchived();
        if (State.Status == CompanyStatuses.Suspended)
        {
            throw new DomainException(CompanyErrors.Suspended, "The company is suspended; nothing changes until WellWon reactivates it.");
        }
    }

    private void EnsureNotArchived()
    {
        if (State.Status == CompanyStatuses.Archived)
        {
            throw new DomainException(CompanyErrors.Archived, "The company is archived and accepts no changes.");
        }
    }

    private static void EnsureMayGrant(CompanyRole actorRole, CompanyRole role)
    {
        if (role > actorRole)
        {
            throw new DomainException(CompanyErrors.RoleAboveOwn, $"You cannot grant the role '{CompanyRoles.NameOf(role)}', which is above your own.");
        }
    }

    private static DomainException NotPending(Invitation invitation) =>
        new(CompanyErrors.InvitationNotPending, $"The invitation was already {invitation.Status.ToString().ToLowerInvariant()}.");

    private static NotFoundException ParticipantNotFound(Guid userId) =>
        new(CompanyErrors.ParticipantNotFound, $"User {userId} does not participate in this company.");

    private static string CheckName(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > NameMaxLength)
        {
            throw new DomainException(CompanyErrors.NameInvalid, $"A company name has 1 to {NameMaxLength} characters.");
        }

        return trimmed;
    }

    // Empty removes the tax id; anything else must be valid in the company's country.
    private static string? CheckTaxId(string country, string? taxId)
    {
        var normalized = TaxIds.Normalize(taxId);
        if (normalized is null)
        {
            return null;
        }

        return TaxIds.Check(country, normalized) is { } broken ? throw new InvalidTaxIdException(broken) : normalized;
    }

    private static CompanyAddress? CheckAddress(CompanyAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        var country = CountryCodes.Normalize(address.Country)
            ?? throw new DomainException(CompanyErrors.AddressInvalid, $"The address's country '{address.Country}' is not an ISO 3166-1 alpha-2 code.");
        var fields = new[] { address.Line1, address.Line2, address.City, address.PostalCode, address.Region };
        if (fields.Any(f => f is { Length: > AddressFieldMaxLength }))
        {
            throw new DomainException(CompanyErrors.AddressInvalid, $"An address field has at most {AddressFieldMaxLength} characters.");
        }

        return new CompanyAddress(Clean(address.Line1), Clean(address.Line2), Clean(address.City), Clean(address.PostalCode), Clean(address.Region), country);
    }

    private static string? Clean(string? field) => string.IsNullOrWhiteSpace(field) ? null : field.Trim();
}
