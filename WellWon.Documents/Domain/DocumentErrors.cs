using WellWon.Platform.Kernel;

namespace WellWon.Documents.Domain;

/// <summary>The stable codes of the rules Documents enforces (each the <c>code</c> of a problem detail).</summary>
public static class DocumentErrors
{
    public const string NotFound = "documents.document-not-found";
    public const string VersionNotFound = "documents.version-not-found";
    public const string TypeInvalid = "documents.type-invalid";
    public const string TitleInvalid = "documents.title-invalid";
    public const string LinkKindInvalid = "documents.link-kind-invalid";
    public const string FileMissing = "documents.file-missing";
    public const string FileEmpty = "documents.file-empty";
    public const string Erased = "documents.document-erased";
    public const string ProgressInvalid = "documents.progress-invalid";
    public const string ReasonRequired = "documents.reason-required";
    public const string NotExtracted = "documents.not-extracted";
    public const string ReviewValueInvalid = "documents.review-value-invalid";
    public const string PageNotFound = "documents.page-not-found";
    public const string FillUnavailable = "documents.fill-unavailable";

    // Answered with their own status (DocumentProblemException).
    public const string Retained = "documents.retained";
    public const string ReviewStale = "documents.review-stale";
    public const string TooLarge = "documents.too-large";
    public const string ContentNotAllowed = "documents.content-type-not-allowed";
    public const string ContentMismatch = "documents.content-does-not-match-name";
    public const string UploadInFlight = "documents.upload-in-flight";
    public const string LinkInvalid = "documents.link-invalid";
    public const string LinkExpired = "documents.link-expired";

    /// <summary>The one answer for a document that does not exist, was erased, or belongs to a company the caller is not in.</summary>
    public static NotFoundException DocumentNotFound(Guid documentId) => new(NotFound, $"Document {documentId} does not exist.");

    public static NotFoundException NoSuchVersion(Guid documentId, int version) => new(VersionNotFound, $"Document {documentId} has no version {version}.");
}

/// <summary>A refusal answered with its own HTTP status (409, 410, 413, 415, 403) rather than the 422 of a broken rule.</summary>
public sealed class DocumentProblemException(int status, string code, string message) : DomainException(code, message)
{
    public int Status { get; } = status;
}
