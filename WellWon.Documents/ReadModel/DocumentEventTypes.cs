using System.Collections.Frozen;
using System.Reflection;
using WellWon.Documents.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Documents.ReadModel;

/// <summary>The stable names of the document events the read model follows.</summary>
internal static class DocumentEventTypes
{
    public static readonly FrozenSet<string> All = new[]
    {
        typeof(DocumentCreated), typeof(DocumentVersionAdded), typeof(DocumentLinked), typeof(DocumentUnlinked),
        typeof(DocumentVersionReading), typeof(DocumentVersionExtracted), typeof(DocumentVersionReadingFailed), typeof(DocumentErased),
        typeof(DocumentExtractionRecorded), typeof(DocumentReviewed), typeof(DocumentVersionFilled),
    }.Select(t => t.GetCustomAttribute<EventTypeAttribute>()!.Name).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>"document-{id:N}" → the id.</summary>
    public static Guid DocumentIdOf(string streamId) => Guid.ParseExact(streamId.AsSpan(streamId.LastIndexOf('-') + 1), "N");
}
