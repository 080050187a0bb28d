using WellWon.Documents.Contracts;
using WellWon.Documents.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Documents.Tests.Domain;

public sealed class DocumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan FiveYears = TimeSpan.FromDays(5 * 365 + 1);
    private static readonly Guid Company = Guid.NewGuid();
    private static readonly Guid User = Guid.NewGuid();

    private static StoredContent Content(string sha = "aa") => new($"{Company:N}/{Guid.NewGuid():N}", sha, 1234, "application/pdf", "invoice.pdf");

    private static Document Uploaded(params DocumentLink[] links) =>
        Document.Upload(Guid.NewGuid(), Company, DocumentTypes.CommercialInvoice, "Invoice INV-118", Content(), links, User, Now);

    [Fact]
    public void An_upload_creates_the_document_with_version_1_queued_and_its_links()
    {
        var shipment = new DocumentLink(LinkKinds.Shipment, Guid.NewGuid());
        var document = Uploaded(shipment);

        Assert.Collection(document.Changes,
            e => Assert.IsType<DocumentCreated>(e),
            e => Assert.Equal(1, Assert.IsType<DocumentVersionAdded>(e).Version),
            e => Assert.Equal(shipment, Assert.IsType<DocumentLinked>(e).Link));
        var version = Assert.Single(document.State.Versions);
        Assert.Equal((ProcessingStatuses.Queued, "aa"), (version.Status, version.Content.Sha256));
    }

    [Theory]
    [InlineData("invoice", "Title", DocumentErrors.TypeInvalid)]
    [InlineData(DocumentTypes.Cmr, " ", DocumentErrors.TitleInvalid)]
    public void Unknown_types_and_empty_titles_are_refused(string type, string title, string code)
    {
        var refused = Assert.Throws<DomainException>(() => Document.Upload(Guid.NewGuid(), Company, type, title, Content(), [], User, Now));
        Assert.Equal(code, refused.Code);
    }

    [Fact]
    public void Versions_are_numbered_on_and_linking_twice_or_unlinking_what_is_not_linked_changes_nothing()
    {
        var document = Uploaded();
        Assert.Equal(2, document.AddVersion(Content("bb"), User, Now));
        Assert.Equal(3, document.AddVersion(Content("cc"), User, Now));
        var declaration = new DocumentLink(LinkKinds.Declaration, Guid.NewGuid());
        document.Link(declaration, User, Now);
        var before = document.Changes.Count;

        document.Link(declaration, User, Now);
        document.Unlink(new DocumentLink(LinkKinds.Invoice, Guid.NewGuid()), User, Now);

        Assert.Equal(before, document.Changes.Count);
        Assert.Equal([1, 2, 3], document.State.Versions.Select(v => v.Number));
        Assert.Equal("bb", document.State.WithContent("bb")?.Content.Sha256);
        Assert.Equal(DocumentErrors.LinkKindInvalid, Assert.Throws<DomainException>(() => document.Link(new DocumentLink("order", Guid.NewGuid()), User, Now)).Code);
    }

    [Fact]
    public void Reading_moves_a_version_through_pages_to_extracted_or_failed_with_a_reason()
    {
        var document = Uploaded();
        document.AddVersion(Content("bb"), User, Now);

        document.ReportReading(1, 2, 5, Now);
        Assert.Equal((ProcessingStatuses.Reading, 2, 5), (document.State.Versions[0].Status, document.State.Versions[0].Page, document.State.Versions[0].Pages));
        document.MarkExtracted(1, 5, Now);
        document.MarkFailed(2, "unreadable scan", Now);

        Assert.Equal(ProcessingStatuses.Extracted, document.State.Version(1)!.Status);
        Assert.Equal((ProcessingStatuses.Failed, "unreadable scan"), (document.State.Version(2)!.Status, document.State.Version(2)!.FailureReason));
        Assert.Equal(DocumentErrors.ProgressInvalid, Assert.Throws<DomainException>(() => document.ReportReading(1, 6, 5, Now)).Code);
        Assert.Equal(DocumentErrors.VersionNotFound, Assert.Throws<NotFoundException>(() => document.MarkExtracted(3, 1, Now)).Code);
        Assert.Equal(DocumentErrors.ReasonRequired, Assert.Throws<DomainException>(() => document.MarkFailed(1, " ", Now)).Code);
    }

    [Fact]
    public void A_document_linked_to_a_declaration_is_kept_for_the_retention_period_even_after_unlinking()
    {
        var declaration = new DocumentLink(LinkKinds.Declaration, Guid.NewGuid());
        var document = Uploaded(declaration);
        document.Unlink(declaration, User, Now.AddDays(1));

        var refused = Assert.Throws<DocumentProblemException>(() => document.Erase(User, Now.AddYears(4), FiveYears));
        Assert.Equal((409, DocumentErrors.Retained), (refused.Status, refused.Code));
        Assert.Equal(Now + FiveYears, document.RetainedUntil(FiveYears));

        document.Erase(User, Now.AddYears(6), FiveYears);
        var erased = Assert.IsType<DocumentErased>(document.Changes[^1]);
        Assert.Single(erased.BlobKeys);
        Assert.False(document.Exists);
        Assert.Equal(DocumentErrors.Erased, Assert.Throws<DomainException>(() => document.AddVersion(Content("zz"), User, Now)).Code);
    }

    [Fact]
    public void A_document_never_linked_to_a_declaration_is_erased_at_once()
    {
        var document = Uploaded(new DocumentLink(LinkKinds.Shipment, Guid.NewGuid()));
        document.AddVersion(Content("bb"), User, Now);

        document.Erase(User, Now, FiveYears);

        Assert.Equal(2, Assert.IsType<DocumentErased>(document.Changes[^1]).BlobKeys.Count);
        Assert.Null(document.RetainedUntil(FiveYears));
    }
}
