using WellWon.Platform.Kernel;

namespace WellWon.Companies.Contracts;

/// <summary>What a company is in business as.</summary>
public static class CompanyTypes
{
    public const string Importer = "importer";
    public const string Forwarder = "forwarder";
    public const string CustomsBroker = "customs_broker";
    public const string Supplier = "supplier";
    public const string Investor = "investor";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Importer, Forwarder, CustomsBroker, Supplier, Investor };
}

/// <summary>Where a company stands: active; suspended by WellWon staff (read-only until reactivated); archived (read-only for good).</summary>
public static class CompanyStatuses
{
    public const string Active = "active";
    public const string Suspended = "suspended";
    public const string Archived = "archived";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Active, Suspended, Archived };
}

// The events other contexts react to (the company chat saga, later every tenant-scoped context).
// Company streams: category "companies-company"; the tenant id of each event's metadata is the company id.
// Roles are the names of WellWon.Platform.Tenancy.CompanyRoles ("owner", "admin", "manager", "member", "viewer").
// The creator's membership is CompanyCreated.OwnerUserId (role owner); no ParticipantAdded is written for it.

[EventType("companies.company-created.v1")]
public sealed record CompanyCreated(
    Guid CompanyId,
    string Name,
    string Country,
    string CompanyType,
    string? TaxId,
    CompanyAddress? Address,
    Guid OwnerUserId,
    DateTimeOffset CreatedAt) : IDomainEvent;

[EventType("companies.participant-added.v1")]
public sealed record ParticipantAdded(Guid CompanyId, Guid UserId, string Role, DateTimeOffset AddedAt) : IDomainEvent;

[EventType("companies.participant-role-changed.v1")]
public sealed record ParticipantRoleChanged(Guid CompanyId, Guid UserId, string Role, Guid ChangedBy, DateTimeOffset ChangedAt) : IDomainEvent;

[EventType("companies.participant-removed.v1")]
public sealed record ParticipantRemoved(Guid CompanyId, Guid UserId, Guid RemovedBy, DateTimeOffset RemovedAt) : IDomainEvent;

[EventType("companies.company-archived.v1")]
public sealed record CompanyArchived(Guid CompanyId, Guid ArchivedBy, DateTimeOffset ArchivedAt) : IDomainEvent;

/// <summary>Name, tax id and address after a change (every field's new value, changed or not).</summary>
[EventType("companies.company-details-updated.v1")]
public sealed record CompanyDetailsUpdated(Guid CompanyId, string Name, string? TaxId, CompanyAddress? Address, Guid UpdatedBy, DateTimeOffset UpdatedAt) : IDomainEvent;

/// <summary>WellWon staff froze the company: participants keep reading, nothing changes until it is reactivated.</summary>
[EventType("companies.company-suspended.v1")]
public sealed record CompanySuspended(Guid CompanyId, string? Reason, Guid SuspendedBy, DateTimeOffset SuspendedAt) : IDomainEvent;

[EventType("companies.company-reactivated.v1")]
public sealed record CompanyReactivated(Guid CompanyId, Guid ReactivatedBy, DateTimeOffset ReactivatedAt) : IDomainEvent;

public sealed record CompanyAddress(string? Line1, string? Line2, string? City, string? PostalCode, string? Region, string Country);
