using WellWon.Documents.Contracts;
using WellWon.Platform.Kernel;
using WellWon.Platform.RealTime;

namespace WellWon.Documents.ReadModel;

/// <summary>
/// What a document's changes look like to clients (<c>changed</c>, entity <c>"document"</c>), pushed to its company's group once the
/// event processor applied the event: Id = the document, Version = its stream version, Scope = what changed; no content.
/// </summary>
public static class DocumentChanges
{
    public const string Entity = "document";

    public static string ScopeOf(IDomainEvent e) => e switch
    {
        DocumentCreated => "created",
        DocumentVersionAdded => "versions",
        DocumentLinked or DocumentUnlinked => "links",
        DocumentVersionReading => "reading",
        DocumentExtractionRecorded or DocumentVersionExtracted => "extracted",
        DocumentVersionReadingFailed => "failed",
        DocumentReviewed or DocumentVersionFilled => "reviewed",
        DocumentErased => "erased",
        _ => "document",
    };

    public static Guid? CompanyOf(IDomainEvent e) => e switch
    {
        DocumentCreated c => c.CompanyId,
        DocumentVersionAdded v => v.CompanyId,
        DocumentLinked l => l.CompanyId,
        DocumentUnlinked u => u.CompanyId,
        DocumentVersionReading r => r.CompanyId,
        DocumentVersionExtracted x => x.CompanyId,
        DocumentExtractionRecorded r => r.CompanyId,
        DocumentReviewed r => r.CompanyId,
        DocumentVersionFilled f => f.CompanyId,
        DocumentVersionReadingFailed f => f.CompanyId,
        DocumentErased d => d.CompanyId,
        _ => null,
    };

    public static (ChangeAudience, ChangeNotification) Changed(Guid companyId, Guid documentId, long version, string scope) =>
        (ChangeAudience.Company(companyId), new ChangeNotification(Entity, documentId.ToString("D"), version, scope));
}
