using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using WellWon.Documents.Reading.Corpus;
using WellWon.Documents.Reading.Extraction;

namespace WellWon.Workers.Tests.Flow;

/// <summary>The real Api and event-processor worker: an uploaded invoice travels the relay and Redis to the document reader and comes back extracted.</summary>
public sealed class DocumentReadingFlowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_uploaded_invoice_is_read_by_the_worker_and_its_extraction_answered_by_the_api()
    {
        await using var hosts = await FlowHosts.StartAsync("event-processor");
        var (_, token) = await hosts.SignUpAsync();
        using var client = hosts.ClientFor(token);
        var company = await client.PostAsJsonAsync("/api/companies", new { name = "Vostok Import", country = "RU", companyType = "importer" }, Ct);
        var companyId = (await company.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        var folder = Directory.CreateTempSubdirectory("wellwon-flow-reading-");
        using var fonts = new Fonts();
        try
        {
            var invoice = new CorpusGenerator(fonts).Generate(folder.FullName, "flow", CorpusData.Suppliers.Single(s => s.Key == "ningbo-huaxin"), "en",
                DocumentKind.CommercialInvoice, new CorpusOptions { CleanImages = false, DegradedImages = false }, new Random(41));
            using var form = new MultipartFormDataContent { { new StringContent(companyId.ToString()), "companyId" }, { new StringContent("commercial-invoice"), "type" } };
            var file = new ByteArrayContent(await File.ReadAllBytesAsync(invoice.PdfPath, Ct));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "file", "invoice.pdf");
            var uploaded = await client.PostAsync("/api/documents", form, Ct);
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
            var id = (await uploaded.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("documentId").GetGuid();

            JsonElement extraction = default;
            await WorkerHost.Until(async () =>
            {
                extraction = await client.GetFromJsonAsync<JsonElement>($"/api/documents/{id}/versions/1/extraction", Ct);
                return extraction.GetProperty("status").GetString() is "extracted" or "failed";
            }, TimeSpan.FromSeconds(60), "the worker read the uploaded invoice");

            Assert.Equal("extracted", extraction.GetProperty("status").GetString());
            var number = extraction.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "invoiceNumber");
            Assert.Equal(invoice.Truth.Fields[FieldNames.Number], number.GetProperty("value").GetString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
