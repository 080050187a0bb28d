using WellWon.Platform.Kernel;

namespace WellWon.Documents.Contracts;

// The facts of a document's stream ("document-{id}"); every event names the owning company, which is also its metadata's tenant.

/// <summary>A company filed a new document; its first version follows in the same append.</summary>
[EventType("documents.document-created.v1")]
public sealed record DocumentCreated(Guid DocumentId, Guid CompanyId, string Type, string Title, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>Version <paramref name="Version"/> (1, 2, …) was uploaded; its reading is queued. A reader reacts to this event.</summary>
[EventType("documents.version-added.v1")]
public sealed record DocumentVersionAdded(Guid DocumentId, Guid CompanyId, int Version, StoredContent Content, Guid By, DateTimeOffset At) : IDomainEvent;

[EventType("documents.document-linked.v1")]
public sealed record DocumentLinked(Guid DocumentId, Guid CompanyId, DocumentLink Link, Guid By, DateTimeOffset At) : IDomainEvent;

[EventType("documents.document-unlinked.v1")]
public sealed record DocumentUnlinked(Guid DocumentId, Guid CompanyId, DocumentLink Link, Guid By, DateTimeOffset At) : IDomainEvent;

/// <summary>The reader is at page <paramref name="Page"/> of <paramref name="Pages"/> of a version.</summary>
[EventType("documents.version-reading.v1")]
public sealed record DocumentVersionReading(Guid DocumentId, Guid CompanyId, int Version, int Page, int Pages, DateTimeOffset At) : IDomainEvent;

/// <summary>The reader finished a version (its extracted fields are the reader's own events).</summary>
[EventType("documents.version-extracted.v1")]
public sealed record DocumentVersionExtracted(Guid DocumentId, Guid CompanyId, int Version, int Pages, DateTimeOffset At) : IDomainEvent;

/// <summary>The reader gave up on a version, saying why.</summary>
[EventType("documents.version-reading-failed.v1")]
public sealed record DocumentVersionReadingFailed(Guid DocumentId, Guid CompanyId, int Version, string Reason, DateTimeOffset At) : IDomainEvent;

/// <summary>The document was erased: its content is deleted (the keys named here) and it is gone from every list.</summary>
[EventType("documents.document-erased.v1")]
public sealed record DocumentErased(Guid DocumentId, Guid CompanyId, IReadOnlyList<string> BlobKeys, Guid By, DateTimeOffset At) : IDomainEvent;
