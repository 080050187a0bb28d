using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Documents.Domain;
using WellWon.Documents.Features;
using WellWon.Documents.ReadModel;
using WellWon.Documents.Storage;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;
using WellWon.Platform.Scheduling;

namespace WellWon.Documents.Tests.Http;

/// <summary>Documents over HTTP end to end: the real Api, real PostgreSQL and Redis, a file-system blob store, companies from the Companies API.</summary>
public sealed class DocumentHttpTests(DocumentsApiFactory api) : IClassFixture<DocumentsApiFactory>
{
    private const string NotFound = "documents.document-not-found";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid Owner, Guid Company, HttpClient Client)> CompanyAsync()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        return (owner, company, api.ClientFor(owner));
    }

    private static MultipartFormDataContent Form(byte[] file, string fileName, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        var content = new ByteArrayContent(file);
        // What the client claims is ignored: the content decides.
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        return form;
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid company, byte[] file, string fileName, string type = "commercial-invoice", params (string, string)[] more) =>
        client.PostAsync("/api/documents", Form(file, fileName, [("companyId", company.ToString()), ("type", type), .. more]), Ct);

    [Fact]
    public async Task A_pdf_and_a_png_are_filed_as_version_1_queued_with_their_sniffed_types_and_links()
    {
        var (_, company, client) = await CompanyAsync();
        var shipment = Guid.NewGuid();
        var pdf = Samples.Pdf();

        var response = await UploadAsync(client, company, pdf, "INV-118.pdf", "commercial-invoice", ("title", "Invoice INV-118"), ("shipmentId", shipment.ToString()));
        var created = await JsonAsync(response, HttpStatusCode.Created);
        var id = created.GetProperty("documentId").GetGuid();
        Assert.Equal($"/api/documents/{id}", response.Headers.Location?.ToString());
        Assert.Equal((1, false, "application/pdf", Convert.ToHexStringLower(SHA256.HashData(pdf))), (created.GetProperty("version").GetInt32(),
            created.GetProperty("duplicate").GetBoolean(), created.GetProperty("mediaType").GetString(), created.GetProperty("sha256").GetString()));

        var png = await JsonAsync(await UploadAsync(client, company, Samples.Png(), "stamp.png", "permit"), HttpStatusCode.Created);
        Assert.Equal("image/png", png.GetProperty("mediaType").GetString());

        // Read right after the write: the sync projection has run.
        var document = await GetJsonAsync(client, $"/api/documents/{id}");
        Assert.Equal(("Invoice INV-118", "commercial-invoice", "queued", company), (document.GetProperty("title").GetString(),
            document.GetProperty("type").GetString(), document.GetProperty("status").GetString(), document.GetProperty("companyId").GetGuid()));
        var version = Assert.Single(document.GetProperty("versions").EnumerateArray());
        Assert.Equal(("INV-118.pdf", (long)pdf.Length, "queued"), (version.GetProperty("fileName").GetString(), version.GetProperty("size").GetInt64(), version.GetProperty("status").GetString()));
        var link = Assert.Single(document.GetProperty("links").EnumerateArray());
        Assert.Equal(("shipment", shipment), (link.GetProperty("kind").GetString(), link.GetProperty("targetId").GetGuid()));

        var byShipment = await GetJsonAsync(client, $"/api/documents?companyId={company}&shipmentId={shipment}");
        Assert.Equal([id], byShipment.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
        var permits = await GetJsonAsync(client, $"/api/documents?companyId={company}&type=permit");
        Assert.Equal([png.GetProperty("documentId").GetGuid()], permits.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
        Assert.Equal(2, (await GetJsonAsync(client, $"/api/documents?companyId={company}")).GetArrayLength());
    }

    [Fact]
    public async Task Content_that_is_not_an_accepted_type_or_is_named_as_another_is_refused_and_nothing_is_stored()
    {
        var (_, company, client) = await CompanyAsync();

        var text = await ProblemAsync(await UploadAsync(client, company, "just text, not a PDF"u8.ToArray(), "invoice.pdf"), HttpStatusCode.UnsupportedMediaType, "documents.content-type-not-allowed");
        Assert.Contains("PDF", text.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var exe = await ProblemAsync(await UploadAsync(client, company, [0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0], "setup.exe"), HttpStatusCode.UnsupportedMediaType, "documents.content-type-not-allowed");
        Assert.NotNull(exe.GetProperty("detail").GetString());
        var mismatch = await ProblemAsync(await UploadAsync(client, company, Samples.Png(), "invoice.pdf"), HttpStatusCode.UnsupportedMediaType, "documents.content-does-not-match-name");
        Assert.Contains("PNG", mismatch.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Empty(FilesOf(company));
        Assert.Equal(0, await api.CountAsync($"SELECT count(*) FROM documents.uploads WHERE company_id = '{company}'"));
        Assert.Equal(0, (await GetJsonAsync(client, $"/api/documents?companyId={company}")).GetArrayLength());
    }

    [Fact]
    public async Task A_file_over_the_limit_is_413_and_leaves_nothing_behind()
    {
        var (_, company, client) = await CompanyAsync();
        byte[] large = [.. Samples.Pdf(), .. Samples.Random((int)DocumentsApiFactory.MaxUploadBytes)];

        var refused = await ProblemAsync(await UploadAsync(client, company, large, "big.pdf"), HttpStatusCode.RequestEntityTooLarge, "documents.too-large");

        Assert.Contains("262144 bytes", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(FilesOf(company));
        Assert.Equal(0, await api.CountAsync($"SELECT count(*) FROM documents.uploads WHERE company_id = '{company}'"));
    }

    [Fact]
    public async Task The_same_content_again_is_a_duplicate_naming_the_existing_version_and_a_new_version_is_numbered_on()
    {
        var (_, company, client) = await CompanyAsync();
        var pdf = Samples.Pdf();
        var first = await JsonAsync(await UploadAsync(client, company, pdf, "a.pdf"), HttpStatusCode.Created);
        var id = first.GetProperty("documentId").GetGuid();

        var again = await JsonAsync(await UploadAsync(client, company, pdf, "copy-of-a.pdf", "contract"), HttpStatusCode.OK);
        Assert.Equal((true, id, 1), (again.GetProperty("duplicate").GetBoolean(), again.GetProperty("documentId").GetGuid(), again.GetProperty("version").GetInt32()));
        Assert.Single(FilesOf(company));

        var second = Samples.Pdf("revised");
        var v2 = await JsonAsync(await client.PostAsync($"/api/documents/{id}/versions", Form(second, "a-rev2.pdf"), Ct), HttpStatusCode.Created);
        Assert.Equal((id, 2, false), (v2.GetProperty("documentId").GetGuid(), v2.GetProperty("version").GetInt32(), v2.GetProperty("duplicate").GetBoolean()));
        var v2Again = await JsonAsync(await client.PostAsync($"/api/documents/{id}/versions", Form(second, "again.pdf"), Ct), HttpStatusCode.OK);
        Assert.Equal((true, 2), (v2Again.GetProperty("duplicate").GetBoolean(), v2Again.GetProperty("version").GetInt32()));

        // Another company holding the same bytes is not told about this one: content is unique per company only.
        var (_, other, otherClient) = await CompanyAsync();
        var theirs = await JsonAsync(await UploadAsync(otherClient, other, pdf, "a.pdf"), HttpStatusCode.Created);
        Assert.NotEqual(id, theirs.GetProperty("documentId").GetGuid());

        var document = await GetJsonAsync(client, $"/api/documents/{id}");
        Assert.Equal([1, 2], document.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
        Assert.Equal(2, FilesOf(company).Count);
        Assert.Equal(1, (await GetJsonAsync(client, $"/api/documents?companyId={company}")).GetArrayLength());
    }

    [Fact]
    public async Task Identical_uploads_racing_store_the_content_once()
    {
        var (_, company, client) = await CompanyAsync();
        var pdf = Samples.Pdf();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => UploadAsync(client, company, pdf, $"race-{i}.pdf")));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Single(statuses, HttpStatusCode.Created);
        // The others were told it is a duplicate, or (while the first was still recording) to try again.
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Single(FilesOf(company));
        Assert.Equal(1, (await GetJsonAsync(client, $"/api/documents?companyId={company}")).GetArrayLength());
        Assert.Equal(0, await api.CountAsync($"SELECT count(*) FROM documents.uploads WHERE company_id = '{company}'"));
    }

    [Fact]
    public async Task The_sweep_deletes_blobs_whose_upload_never_finished_and_leaves_recorded_ones()
    {
        var (_, company, client) = await CompanyAsync();
        await JsonAsync(await UploadAsync(client, company, Samples.Pdf(), "kept.pdf"), HttpStatusCode.Created);
        var blobs = api.Services.GetRequiredService<IBlobStore>();
        var index = api.Services.GetRequiredService<ContentIndex>();
        var abandoned = BlobKeys.ForUpload(company, Guid.NewGuid());
        await index.BeginUploadAsync(abandoned, company, DateTimeOffset.UtcNow.AddHours(-2), Ct);
        await blobs.PutAsync(abandoned, new MemoryStream(Samples.Pdf()), 1000, Ct);
        Assert.Equal(2, FilesOf(company).Count);

        using var scope = api.Services.CreateScope();
        var job = ActivatorUtilities.CreateInstance<AbandonedUploadsJob>(scope.ServiceProvider);
        var run = new JobContext(Guid.NewGuid(), job.Name, DateTimeOffset.UtcNow, scope.ServiceProvider);
        await job.RunAsync(run, Ct);

        Assert.False(await blobs.ExistsAsync(abandoned, Ct));
        Assert.Single(FilesOf(company));
        Assert.Equal(0, await api.CountAsync($"SELECT count(*) FROM documents.uploads WHERE company_id = '{company}'"));
    }

    [Fact]
    public async Task A_retried_upload_with_an_idempotency_key_names_the_same_document()
    {
        var (_, company, client) = await CompanyAsync();
        var pdf = Samples.Pdf();
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/documents") { Content = Form(pdf, "k.pdf", ("companyId", company.ToString()), ("type", "contract")) };
            request.Headers.Add("Idempotency-Key", "upload-k-1");
            return request;
        }

        var first = await JsonAsync(await client.SendAsync(Request(), Ct), HttpStatusCode.Created);
        var retry = await client.SendAsync(Request(), Ct);

        Assert.True(retry.IsSuccessStatusCode, await retry.Content.ReadAsStringAsync(Ct));
        Assert.Equal(first.GetProperty("documentId").GetGuid(), (await retry.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("documentId").GetGuid());
        Assert.Single(FilesOf(company));
    }

    [Fact]
    public async Task Links_are_added_and_removed_and_lists_filter_by_them()
    {
        var (_, company, client) = await CompanyAsync();
        var id = (await JsonAsync(await UploadAsync(client, company, Samples.Pdf(), "bl.pdf", "bill-of-lading"), HttpStatusCode.Created)).GetProperty("documentId").GetGuid();
        var declaration = Guid.NewGuid();
        var url = $"/api/documents/{id}";

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"{url}/links", new { kind = "declaration", targetId = declaration }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"{url}/links", new { kind = "declaration", targetId = declaration }, Ct)).StatusCode);
        Assert.Equal([id], (await GetJsonAsync(client, $"/api/documents?companyId={company}&declarationId={declaration}")).EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
        Assert.Single((await GetJsonAsync(client, url)).GetProperty("links").EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{url}/links/declaration/{declaration}", Ct)).StatusCode);
        Assert.Equal(0, (await GetJsonAsync(client, $"/api/documents?companyId={company}&declarationId={declaration}")).GetArrayLength());

        var invalid = await ProblemAsync(await client.PostAsJsonAsync($"{url}/links", new { kind = "order", targetId = Guid.NewGuid() }, Ct), HttpStatusCode.BadRequest, "validation.failed");
        Assert.Equal(["documents.link-kind-invalid"], invalid.GetProperty("codes").GetProperty("kind").Deserialize<string[]>()!);
    }

    [Fact]
    public async Task Outsiders_get_404_everywhere_and_viewers_read_and_download_but_may_not_upload()
    {
        var (owner, company, client) = await CompanyAsync();
        var id = (await JsonAsync(await UploadAsync(client, company, Samples.Pdf(), "a.pdf"), HttpStatusCode.Created)).GetProperty("documentId").GetGuid();
        var url = $"/api/documents/{id}";
        var link = await JsonAsync(await client.PostAsync($"{url}/versions/1/link", null, Ct), HttpStatusCode.OK);
        var download = new Uri(link.GetProperty("url").GetString()!).PathAndQuery;

        using var outsider = api.ClientFor(Guid.NewGuid());
        await ProblemAsync(await outsider.GetAsync(url, Ct), HttpStatusCode.NotFound, NotFound);
        await ProblemAsync(await outsider.GetAsync($"/api/documents?companyId={company}", Ct), HttpStatusCode.NotFound);
        await ProblemAsync(await UploadAsync(outsider, company, Samples.Pdf(), "b.pdf"), HttpStatusCode.NotFound);
        await ProblemAsync(await outsider.PostAsync($"{url}/versions", Form(Samples.Pdf(), "c.pdf"), Ct), HttpStatusCode.NotFound, NotFound);
        await ProblemAsync(await outsider.PostAsJsonAsync($"{url}/links", new { kind = "shipment", targetId = Guid.NewGuid() }, Ct), HttpStatusCode.NotFound, NotFound);
        await ProblemAsync(await outsider.PostAsync($"{url}/versions/1/link", null, Ct), HttpStatusCode.NotFound, NotFound);
        await ProblemAsync(await outsider.GetAsync($"{url}/versions/1/link", Ct), HttpStatusCode.NotFound, NotFound);
        await ProblemAsync(await outsider.DeleteAsync(url, Ct), HttpStatusCode.NotFound, NotFound);
        // A valid link handed to an outsider: still 404.
        await ProblemAsync(await outsider.GetAsync(download, Ct), HttpStatusCode.NotFound, NotFound);

        var viewer = Guid.NewGuid();
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        using var viewing = api.ClientFor(viewer);
        Assert.Equal(id, (await GetJsonAsync(viewing, url)).GetProperty("id").GetGuid());
        var viewerLink = await JsonAsync(await viewing.GetAsync($"{url}/versions/1/link", Ct), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await viewing.GetAsync(new Uri(viewerLink.GetProperty("url").GetString()!).PathAndQuery, Ct)).StatusCode);
        await ProblemAsync(await UploadAsync(viewing, company, Samples.Pdf(), "v.pdf"), HttpStatusCode.Forbidden);
        await ProblemAsync(await viewing.PostAsync($"{url}/versions", Form(Samples.Pdf(), "v.pdf"), Ct), HttpStatusCode.Forbidden);
        Assert.Single(FilesOf(company));
    }

    [Fact]
    public async Task A_signed_link_streams_the_content_as_an_attachment_and_a_tampered_or_expired_one_is_refused()
    {
        var (owner, company, client) = await CompanyAsync();
        var pdf = Samples.Pdf();
        var id = (await JsonAsync(await UploadAsync(client, company, pdf, "scan.exe"), HttpStatusCode.Created)).GetProperty("documentId").GetGuid();
        var link = await JsonAsync(await client.PostAsync($"/api/documents/{id}/versions/1/link", null, Ct), HttpStatusCode.OK);
        var expiresAt = link.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddMinutes(4), DateTimeOffset.UtcNow.AddMinutes(6));
        var path = new Uri(link.GetProperty("url").GetString()!).PathAndQuery;

        // No bearer token: the link is the credential.
        using var anonymous = api.CreateClient();
        var response = await anonymous.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("scan.exe.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));

        var tampered = path.Replace($"/{id}/versions/1/", $"/{id}/versions/2/", StringComparison.Ordinal);
        await ProblemAsync(await anonymous.GetAsync(tampered, Ct), HttpStatusCode.Forbidden, "documents.link-invalid");
        var otherUser = path.Replace($"user={owner:N}", $"user={Guid.NewGuid():N}", StringComparison.Ordinal);
        await ProblemAsync(await anonymous.GetAsync(otherUser, Ct), HttpStatusCode.Forbidden, "documents.link-invalid");
        var later = path.Replace($"expires={expiresAt.ToUnixTimeSeconds()}", $"expires={expiresAt.ToUnixTimeSeconds() + 3600}", StringComparison.Ordinal);
        await ProblemAsync(await anonymous.GetAsync(later, Ct), HttpStatusCode.Forbidden, "documents.link-invalid");
        await ProblemAsync(await anonymous.GetAsync($"/api/documents/{id}/versions/1/content", Ct), HttpStatusCode.Forbidden, "documents.link-invalid");

        var signer = api.Services.GetRequiredService<DownloadLinks>();
        var expired = signer.Create(id, 1, owner, DateTimeOffset.UtcNow.AddSeconds(-5));
        await ProblemAsync(await anonymous.GetAsync(expired, Ct), HttpStatusCode.Gone, "documents.link-expired");
    }

    [Fact]
    public async Task A_document_linked_to_a_declaration_is_retained_and_another_is_erased_with_its_blobs()
    {
        var (_, company, client) = await CompanyAsync();
        var kept = (await JsonAsync(await UploadAsync(client, company, Samples.Pdf(), "d.pdf", "declaration", ("declarationId", Guid.NewGuid().ToString())), HttpStatusCode.Created)).GetProperty("documentId").GetGuid();
        var retained = await ProblemAsync(await client.DeleteAsync($"/api/documents/{kept}", Ct), HttpStatusCode.Conflict, "documents.retained");
        Assert.Contains("must be kept until", retained.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True((await GetJsonAsync(client, $"/api/documents/{kept}")).GetProperty("retainedUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddYears(4));

        var pdf = Samples.Pdf();
        var gone = (await JsonAsync(await UploadAsync(client, company, pdf, "e.pdf"), HttpStatusCode.Created)).GetProperty("documentId").GetGuid();
        await JsonAsync(await client.PostAsync($"/api/documents/{gone}/versions", Form(Samples.Pdf("v2"), "e2.pdf"), Ct), HttpStatusCode.Created);
        Assert.Equal(3, FilesOf(company).Count);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/documents/{gone}", Ct)).StatusCode);

        Assert.Single(FilesOf(company));
        await ProblemAsync(await client.GetAsync($"/api/documents/{gone}", Ct), HttpStatusCode.NotFound, NotFound);
        Assert.Equal([kept], (await GetJsonAsync(client, $"/api/documents?companyId={company}")).EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
        // Its content is free again: uploaded anew, it is new.
        var again = await JsonAsync(await UploadAsync(client, company, pdf, "e.pdf"), HttpStatusCode.Created);
        Assert.NotEqual(gone, again.GetProperty("documentId").GetGuid());
    }

    [Fact]
    public async Task A_reader_reports_progress_extraction_or_failure_and_the_read_model_replays_to_the_same_row_announcing_each_change()
    {
        var (_, company, client) = await CompanyAsync();
        var id = (await JsonAsync(await UploadAsync(client, company, Samples.Pdf(), "r.pdf", "packing-list", ("shipmentId", Guid.NewGuid().ToString())), HttpStatusCode.Created)).GetProperty("documentId").GetGuid();
        await JsonAsync(await client.PostAsync($"/api/documents/{id}/versions", Form(Samples.Png(), "r.png"), Ct), HttpStatusCode.Created);
        using (var scope = api.Services.CreateScope())
        {
            var reading = scope.ServiceProvider.GetRequiredService<RecordReading>();
            await reading.ReportProgressAsync(id, 1, 2, 3, Ct);
            await reading.MarkFailedAsync(id, 2, "no text found", Ct);
            var opened = await reading.OpenAsync(id, 2, Ct);
            Assert.Equal("image/png", opened?.MediaType);
            await opened!.Value.Content.DisposeAsync();
        }

        var versions = (await GetJsonAsync(client, $"/api/documents/{id}")).GetProperty("versions");
        Assert.Equal(("reading", 2, 3), (versions[0].GetProperty("status").GetString(), versions[0].GetProperty("page").GetInt32(), versions[0].GetProperty("pages").GetInt32()));
        Assert.Equal(("failed", "no text found"), (versions[1].GetProperty("status").GetString(), versions[1].GetProperty("failureReason").GetString()));

        using (var scope = api.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RecordReading>().MarkExtractedAsync(id, 1, 3, Ct);
        }

        var events = await api.Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<Document>(id), 0, ReadDirection.Forwards, 100, Ct).ToListAsync(Ct);
        var projection = api.Services.GetServices<IProjection>().OfType<DocumentsProjection>().Single();
        var changes = events.Select(e => Assert.Single(projection.ChangesFor(e))).ToList();
        Assert.All(changes, c => Assert.Equal((ChangeAudience.Company(company), "document", id.ToString("D")), (c.Audience, c.Change.Entity, c.Change.Id)));
        Assert.Equal(["created", "versions", "links", "versions", "reading", "failed", "extracted"], changes.Select(c => c.Change.Scope));

        // The stream applied to a fresh table backwards, then forwards twice, gives the live row: order and repetition do not matter.
        var replay = new ProjectionTable("documents", $"documents_replay_{Guid.NewGuid():N}"[..40]);
        await projection.CreateTableAsync(replay, Ct);
        foreach (var e in Enumerable.Reverse(events).Concat(events).Concat(events))
        {
            await projection.ApplyAsync(e, replay, Ct);
        }

        var db = api.Services.GetRequiredService<NpgsqlDataSource>();
        async Task<string> RowAsync(ProjectionTable table)
        {
            await using var select = db.CreateCommand($"SELECT status || '|' || version || '|' || latest_version || '|' || shipment_ids::text || '|' || state::text FROM {table} WHERE id = $1");
            select.Parameters.Add(new NpgsqlParameter { Value = id });
            return (string)(await select.ExecuteScalarAsync(Ct))!;
        }

        Assert.Equal(await RowAsync(DocumentsProjection.LiveTable), await RowAsync(replay));
        Assert.StartsWith("failed|6|2|", await RowAsync(replay), StringComparison.Ordinal);
    }

    private List<FileInfo> FilesOf(Guid company)
    {
        var folder = new DirectoryInfo(Path.Combine(api.BlobRoot, company.ToString("N")));
        return folder.Exists ? [.. folder.EnumerateFiles("*", SearchOption.AllDirectories)] : [];
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string url) => await JsonAsync(await client.GetAsync(url, Ct), HttpStatusCode.OK);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var problem = await JsonAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (code is not null)
        {
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }

        return problem;
    }
}
