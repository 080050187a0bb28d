using WellWon.Platform.Kernel;

namespace WellWon.Companies.Domain;

/// <summary>The stable codes of the rules a company enforces (each becomes the <c>code</c> of a problem detail).</summary>
public static class CompanyErrors
{
    public const string NameInvalid = "companies.name-invalid";
    public const string CountryInvalid = "companies.country-invalid";
    public const string CompanyTypeInvalid = "companies.company-type-invalid";
    public const string AddressInvalid = "companies.address-invalid";
    public const string RoleInvalid = "companies.role-invalid";
    public const string EmailInvalid = "companies.email-invalid";
    public const string EmailUnknown = "companies.email-unknown";

    public const string Archived = "companies.archived";
    public const string Suspended = "companies.suspended";
    public const string NotSuspended = "companies.not-suspended";

    public const string ParticipantNotFound = "companies.participant-not-found";
    public const string AlreadyParticipant = "companies.already-participant";
    public const string OwnerProtected = "companies.owner-protected";
    public const string RoleAboveOwn = "companies.role-above-own";
    public const string LastOwner = "companies.last-owner";

    public const string InvitationNotFound = "companies.invitation-not-found";
    public const string InvitationNotPending = "companies.invitation-not-pending";
    public const string InvitationExpired = "companies.invitation-expired";
    public const string InvitationEmailMismatch = "companies.invitation-email-mismatch";
    public const string InvitationAlreadyPending = "companies.invitation-already-pending";

    /// <summary>
    /// The one answer for an invitation id that does not exist, belongs to another company, or comes with a wrong token,
    /// so a token cannot be guessed one part at a time.
    /// </summary>
    public static NotFoundException InvitationNotFoundFor(Guid invitationId) =>
        new(InvitationNotFound, $"Invitation {invitationId} does not exist.");
}

/// <summary>A tax id that the company's country's rules refuse; an endpoint answers it as a validation error naming <c>taxId</c>.</summary>
public sealed class InvalidTaxIdException(string message) : DomainException(TaxIds.InvalidCode, message);
