using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using WellWon.Documents.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Documents.Domain;

/// <summary>One uploaded version: its content and where its reading stands.</summary>
public sealed record DocumentVersion(
    int Number,
    StoredContent Content,
    Guid UploadedBy,
    DateTimeOffset UploadedAt,
    string Status,
    int? Page = null,
    int? Pages = null,
    string? FailureReason = null,
    ExtractionResult? Extraction = null,
    VersionReview? Review = null,
    int Revision = 0);

/// <summary>The values a member accepted for a version, exactly as sent, and which of them they corrected.</summary>
public sealed record VersionReview(
    Guid By,
    DateTimeOffset At,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Lines,
    IReadOnlyList<string> Corrected,
    IReadOnlyList<ReviewFill>? Filled = null);

/// <summary>Items a reviewed version's lines became in another aggregate.</summary>
public sealed record ReviewFill(string Kind, Guid TargetId, IReadOnlyList<int> Items);

public sealed record DocumentState : AggregateState<DocumentState>
{
    public bool Exists { get; init; }

    public Guid CompanyId { get; init; }

    public string Type { get; init; } = DocumentTypes.Other;

    public string Title { get; init; } = string.Empty;

    public ImmutableList<DocumentVersion> Versions { get; init; } = [];

    public ImmutableList<DocumentLink> Links { get; init; } = [];

    /// <summary>The last time the document was linked to a declaration; retention counts from here (unlinking does not end it).</summary>
    public DateTimeOffset? DeclarationLinkedAt { get; init; }

    public bool Erased { get; init; }

    public DocumentState()
    {
        On<DocumentCreated>((s, e) => s with { Exists = true, CompanyId = e.CompanyId, Type = e.Type, Title = e.Title });
        On<DocumentVersionAdded>((s, e) => s with { Versions = s.Versions.Add(new DocumentVersion(e.Version, e.Content, e.By, e.At, ProcessingStatuses.Queued)) });
        On<DocumentLinked>((s, e) => s with
        {
            Links = s.Links.Add(e.Link),
            DeclarationLinkedAt = e.Link.Kind == LinkKinds.Declaration ? e.At : s.DeclarationLinkedAt,
        });
        On<DocumentUnlinked>((s, e) => s with { Links = s.Links.Remove(e.Link) });
        // Every change to a version's reading or review moves its revision, which a review must name (stale → 409).
        On<DocumentVersionReading>((s, e) => s.WithVersion(e.Version, v => v with
        {
            Status = ProcessingStatuses.Reading, Page = e.Page, Pages = e.Pages, FailureReason = null, Extraction = null, Review = null, Revision = v.Revision + 1,
        }));
        On<DocumentExtractionRecorded>((s, e) => s.WithVersion(e.Version, v => v with { Extraction = e.Result, Review = null, Revision = v.Revision + 1 }));
        On<DocumentVersionExtracted>((s, e) => s.WithVersion(e.Version, v => v with { Status = ProcessingStatuses.Extracted, Page = e.Pages, Pages = e.Pages, FailureReason = null, Revision = v.Revision + 1 }));
        On<DocumentVersionReadingFailed>((s, e) => s.WithVersion(e.Version, v => v with { Status = ProcessingStatuses.Failed, FailureReason = e.Reason, Revision = v.Revision + 1 }));
        On<DocumentReviewed>((s, e) => s.WithVersion(e.Version, v => v with { Review = new VersionReview(e.By, e.At, e.Fields, e.Lines, e.Corrected), Revision = v.Revision + 1 }));
        On<DocumentVersionFilled>((s, e) => s.WithVersion(e.Version, v => v.Review is null ? v : v with
        {
            Review = v.Review with { Filled = [.. v.Review.Filled ?? [], new ReviewFill(e.Kind, e.TargetId, e.Items)] },
        }));
        On<DocumentErased>((s, _) => s with { Erased = true, Versions = [], Links = [] });
    }

    public DocumentVersion? Version(int number) => Versions.Find(v => v.Number == number);

    public DocumentVersion? Latest => Versions.IsEmpty ? null : Versions[^1];

    public DocumentVersion? WithContent(string sha256) => Versions.Find(v => v.Content.Sha256 == sha256);

    private DocumentState WithVersion(int number, Func<DocumentVersion, DocumentVersion> change) =>
        this with { Versions = Versions.Select(v => v.Number == number ? change(v) : v).ToImmutableList() };
}

/// <summary>
/// A document of one company (its tenant): its type and title, numbered versions of content (each with its SHA-256, sniffed media
/// type and reading status), and links to shipments, declarations, purchase orders and invoices. Rules: nothing changes an erased
/// document; reading moves a version queued → reading (page x of y) → extracted, or → failed with a reason (and may start again);
/// a document once linked to a declaration cannot be erased until the retention period since that link has passed.
/// </summary>
[StreamCategory("document")]
public sealed class Document : Aggregate<DocumentState>
{
    public const int MaxTitleLength = 200;

    public bool Exists => State.Exists && !State.Erased;

    public static Document Upload(Guid id, Guid companyId, string type, string title, StoredContent content, IEnumerable<DocumentLink> links, Guid by, DateTimeOffset now)
    {
        if (!DocumentTypes.All.Contains(type))
        {
            throw new DomainException(DocumentErrors.TypeInvalid, $"'{type}' is not a document type ({string.Join(", ", DocumentTypes.All.Order())}).");
        }

        if (string.IsNullOrWhiteSpace(title) || title.Length > MaxTitleLength)
        {
            throw new DomainException(DocumentErrors.TitleInvalid, $"A title has 1 to {MaxTitleLength} characters.");
        }

        var document = new Document { Id = id };
        document.Apply(new DocumentCreated(id, companyId, type, title.Trim(), by, now));
        document.AddVersion(content, by, now);
        foreach (var link in links)
        {
            document.Link(link, by, now);
        }

        return document;
    }

    /// <summary>The next version (1 more than the last); returns its number.</summary>
    public int AddVersion(StoredContent content, Guid by, DateTimeOffset now)
    {
        EnsureLive();
        if (content.Size <= 0)
        {
            throw new DomainException(DocumentErrors.FileEmpty, "An empty file is not a document.");
        }

        var number = State.Versions.Count + 1;
        Apply(new DocumentVersionAdded(Id, State.CompanyId, number, content, by, now));
        return number;
    }

    /// <summary>Links the document to a target; linking it again changes nothing.</summary>
    public void Link(DocumentLink link, Guid by, DateTimeOffset now)
    {
        EnsureLive();
        if (!LinkKinds.All.Contains(link.Kind))
        {
            throw new DomainException(DocumentErrors.LinkKindInvalid, $"'{link.Kind}' is not something a document links to ({string.Join(", ", LinkKinds.All.Order())}).");
        }

        if (!State.Links.Contains(link))
        {
            Apply(new DocumentLinked(Id, State.CompanyId, link, by, now));
        }
    }

    /// <summary>Removes a link; removing one that is not there changes nothing.</summary>
    public void Unlink(DocumentLink link, Guid by, DateTimeOffset now)
    {
        EnsureLive();
        if (State.Links.Contains(link))
        {
            Apply(new DocumentUnlinked(Id, State.CompanyId, link, by, now));
        }
    }

    public void ReportReading(int version, int page, int pages, DateTimeOffset now)
    {
        EnsureLive();
        RequireVersion(version);
        if (pages < 1 || page < 1 || page > pages)
        {
            throw new DomainException(DocumentErrors.ProgressInvalid, $"Page {page} of {pages} is not a place in a document.");
        }

        Apply(new DocumentVersionReading(Id, State.CompanyId, version, page, pages, now));
    }

    public void MarkExtracted(int version, int pages, DateTimeOffset now) => MarkExtracted(version, pages, null, now);

    /// <summary>The version was read: its result (when the reader has one) and then the extracted status.</summary>
    public void MarkExtracted(int version, int pages, ExtractionResult? result, DateTimeOffset now)
    {
        EnsureLive();
        RequireVersion(version);
        if (pages < 1)
        {
            throw new DomainException(DocumentErrors.ProgressInvalid, "A read document has at least one page.");
        }

        if (result is not null)
        {
            Apply(new DocumentExtractionRecorded(Id, State.CompanyId, version, result, now));
        }

        Apply(new DocumentVersionExtracted(Id, State.CompanyId, version, pages, now));
    }

    /// <summary>
    /// Accepts a version's values as sent; the caller names the revision it reviewed, so a review of values that changed since is
    /// refused (409). Only an extracted version can be reviewed (422). Values are checked by the caller; the aggregate keeps them as they are.
    /// </summary>
    public void Review(
        int version, int revision, IReadOnlyDictionary<string, string> fields, IReadOnlyList<IReadOnlyDictionary<string, string>> lines,
        Guid by, DateTimeOffset now)
    {
        EnsureLive();
        var found = State.Version(version) ?? throw DocumentErrors.NoSuchVersion(Id, version);
        if (found.Status != ProcessingStatuses.Extracted || found.Extraction is null)
        {
            throw new DomainException(DocumentErrors.NotExtracted, $"Version {version} is {found.Status}; only an extracted version can be reviewed.");
        }

        if (found.Revision != revision)
        {
            throw new DocumentProblemException(StatusCodes.Status409Conflict, DocumentErrors.ReviewStale,
                $"Version {version} is at revision {found.Revision}, not {revision}: it was reviewed or read again since; reload it.");
        }

        Apply(new DocumentReviewed(Id, State.CompanyId, version, found.Extraction.Kind, fields, lines, Corrections(found.Extraction, fields, lines), by, now));
    }

    /// <summary>Records the items the reviewed lines became in <paramref name="targetId"/>; it leaves the revision alone.</summary>
    public void RecordFill(int version, string kind, Guid targetId, IReadOnlyList<int> items, Guid by, DateTimeOffset now)
    {
        EnsureLive();
        if (State.Version(version)?.Review is null)
        {
            throw new DomainException(DocumentErrors.NotExtracted, $"Version {version} has no review to fill from.");
        }

        Apply(new DocumentVersionFilled(Id, State.CompanyId, version, kind, targetId, items, by, now));
    }

    // What the member changed from what the reader found: a different value, or one the reader did not find.
    private static List<string> Corrections(ExtractionResult found, IReadOnlyDictionary<string, string> fields, IReadOnlyList<IReadOnlyDictionary<string, string>> lines)
    {
        var corrected = new List<string>();
        foreach (var (name, value) in fields)
        {
            if (found.Fields.FirstOrDefault(f => f.Name == name)?.Value != value)
            {
                corrected.Add(name);
            }
        }

        for (var i = 0; i < lines.Count; i++)
        {
            foreach (var (name, value) in lines[i])
            {
                if (i >= found.Lines.Count || found.Lines[i].FirstOrDefault(f => f.Name == name)?.Value != value)
                {
                    corrected.Add($"lines[{i}].{name}");
                }
            }
        }

        return corrected;
    }

    public void MarkFailed(int version, string reason, DateTimeOffset now)
    {
        EnsureLive();
        RequireVersion(version);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException(DocumentErrors.ReasonRequired, "Say why reading failed.");
        }

        Apply(new DocumentVersionReadingFailed(Id, State.CompanyId, version, reason.Trim(), now));
    }

    /// <summary>The moment the document may be erased; null when no retention holds it.</summary>
    public DateTimeOffset? RetainedUntil(TimeSpan retention) => State.DeclarationLinkedAt + retention;

    /// <summary>Erases the document (its blobs are deleted after the append); refused (409) while a declaration's retention holds it.</summary>
    public void Erase(Guid by, DateTimeOffset now, TimeSpan retention)
    {
        EnsureLive();
        if (RetainedUntil(retention) is { } until && until > now)
        {
            throw new DocumentProblemException(StatusCodes.Status409Conflict, DocumentErrors.Retained,
                $"The document was linked to a customs declaration and must be kept until {until:yyyy-MM-dd}.");
        }

        Apply(new DocumentErased(Id, State.CompanyId, [.. State.Versions.Select(v => v.Content.BlobKey)], by, now));
    }

    private void EnsureLive()
    {
        if (State.Erased)
        {
            throw new DomainException(DocumentErrors.Erased, $"Document {Id} was erased.");
        }
    }

    private void RequireVersion(int version)
    {
        if (State.Version(version) is null)
        {
            throw DocumentErrors.NoSuchVersion(Id, version);
        }
    }
}
