using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Documents.Domain;
using WellWon.Documents.Features;
using WellWon.Documents.Reading.Corpus;
using WellWon.Documents.Reading.Extraction;
using WellWon.Documents.Tests.Http;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Documents.Tests.Reading;

/// <summary>The Api over its own database, a folder of generated invoices, and the reader handed the Api's events as the worker would be.</summary>
public sealed class ReadingFixture : IAsyncLifetime
{
    private static readonly CorpusOptions PdfOnly = new() { CleanImages = false, DegradedImages = false };

    public DocumentsApiFactory Api { get; } = new();

    public string Folder { get; } = Directory.CreateTempSubdirectory("wellwon-reading-").FullName;

    public Fonts Fonts { get; } = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => Api.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        Fonts.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    public static Supplier Supplier(string key) => CorpusData.Suppliers.Concat([CorpusData.Unusual]).Single(s => s.Key == key);

    public CorpusDocument Invoice(string supplier, int seed, bool image = false) =>
        new CorpusGenerator(Fonts).Generate(Folder, $"{supplier}-{seed}-{Guid.NewGuid():N}", Supplier(supplier), "en", DocumentKind.CommercialInvoice,
            image ? PdfOnly with { CleanImages = true } : PdfOnly, new Random(seed));

    public async Task<(Guid Owner, Guid Company, HttpClient Client)> CompanyAsync()
    {
        var owner = Guid.NewGuid();
        var company = await Api.CreateCompanyAsync(owner);
        return (owner, company, Api.ClientFor(owner));
    }

    public static async Task<Guid> UploadAsync(HttpClient client, Guid company, byte[] file, string fileName)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(company.ToString()), "companyId" },
            { new StringContent("commercial-invoice"), "type" },
        };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        var response = await client.PostAsync("/api/documents", form, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("documentId").GetGuid();
    }

    public async Task<IReadOnlyList<RecordedEvent>> EventsAsync(Guid documentId) =>
        await Api.Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<Document>(documentId), 0, ReadDirection.Forwards, 1000, Ct).ToListAsync(Ct);

    /// <summary>Hands every event of the document's stream of <paramref name="type"/> to the reader, as the worker's consumer does.</summary>
    public async Task DeliverAsync(Guid documentId, string type)
    {
        var handler = Api.Services.GetRequiredService<DocumentReadingHandler>();
        foreach (var e in (await EventsAsync(documentId)).Where(e => e.EventType == type))
        {
            await handler.HandleAsync(e, Ct);
        }
    }

    public async Task<DocumentState> StateAsync(Guid documentId)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IAggregateStore>().TryLoadAsync<Document>(documentId, Ct))!.State;
    }
}
