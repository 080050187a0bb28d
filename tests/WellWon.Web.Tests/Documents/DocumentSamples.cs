namespace WellWon.Web.Tests.Documents;

/// <summary>Documents as the Api answers them, for the documents screens' tests.</summary>
internal static class DocumentSamples
{
    public static readonly Guid InvoiceId = Guid.Parse("0196a0c4-d0c0-7000-8000-000000000001");
    public static readonly Guid PackingListId = Guid.Parse("0196a0c4-d0c0-7000-8000-000000000002");
    public static readonly Guid UploaderId = Guid.Parse("0196a0c4-0000-7000-8000-0000000000bb");

    public static object Summary(Guid id, string type, string title, string? status, Guid[]? shipments = null, Guid[]? declarations = null, int versions = 1) => new
    {
        id, type, title, latestVersion = versions, status, shipmentIds = shipments ?? [], declarationIds = declarations ?? [],
        createdAt = "2026-03-01T08:00:00Z", updatedAt = "2026-03-02T09:30:00Z",
    };

    public static object Version(int number, string status = "extracted", int? page = null, int? pages = null, string? failure = null, long size = 48_213) => new
    {
        number, sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", size, mediaType = "application/pdf",
        fileName = $"INV-2026-0042-v{number}.pdf", uploadedBy = UploaderId, uploadedAt = $"2026-03-0{number}T10:15:00Z", status, page, pages, failureReason = failure,
    };

    public static object Details(Guid id, Guid companyId, string title, object[] versions, object[]? links = null, string type = "commercial-invoice", string? retainedUntil = null) => new
    {
        id, companyId, type, title, status = "extracted", versions, links = links ?? [], retainedUntil, version = 3L,
        createdAt = "2026-03-01T08:00:00Z", updatedAt = "2026-03-02T09:30:00Z",
    };

    public static object Link(string kind, Guid targetId) => new { kind, targetId };
}
