using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json;
using WellWon.Testing.Documents;

namespace WellWon.AppHost.Tests;

/// <summary>
/// The documents walk-through a user does, over HTTP only, against everything the AppHost starts: a scanned invoice uploaded for a
/// shipment is read by the event processor (OCR) until it is extracted; the member corrects what the reader got wrong, accepts it and
/// fills the shipment's draft declaration, whose goods items then carry the accepted values and point back at the document; the same
/// bytes uploaded again name the same document; a signed download link works for the member until it expires; an outsider learns
/// nothing of the document, its versions, extraction, page image or content.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class DocumentsAcceptanceTests(ITestOutputHelper output)
{
    /// <summary>Reading a 300 dpi scan with tesseract on a loaded two-core machine takes seconds; this is far more than it needs.</summary>
    private static readonly TimeSpan ReadingTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Download links live this long here (5 minutes by default), so the walk-through sees one expire.</summary>
    private static readonly TimeSpan LinkLifetime = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task A_scanned_invoice_is_read_corrected_and_accepted_into_the_declaration_recognised_when_uploaded_again_and_hidden_from_an_outsider()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataRoot = AppHostLauncher.CreateDataRoot();
        try
        {
            var invoice = ScannedInvoice.Generate("ningbo-huaxin", seed: 117);
            var builder = await AppHostLauncher.CreateAsync(dataRoot, ct);
            var apiResource = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "api");
            builder.CreateResourceBuilder(apiResource).WithEnvironment("Documents__LinkLifetime", LinkLifetime.ToString("c", CultureInfo.InvariantCulture));
            await using var app = await builder.BuildAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(AppHostLauncher.StartTimeout + TimeSpan.FromMinutes(4));
            var token = timeout.Token;
            await AppHostLauncher.StartHealthyAsync(app, token);
            var apiBase = app.GetEndpoint("api", "http");

            var ann = await User.SignUpAsync(apiBase, "Ann", token);
            var bob = await User.SignUpAsync(apiBase, "Bob", token);
            var companyId = (await ann.PostAsync("/api/companies", new { name = "Neva Pumps Import LLC", country = "RU", companyType = "importer" }, HttpStatusCode.Created, token))
                .GetProperty("id").GetGuid();
            await bob.PostAsync("/api/companies", new { name = "Bob's Own Trading", country = "RU", companyType = "importer" }, HttpStatusCode.Created, token);

            // The shipment the invoice's goods travel on, and its declaration: a draft for that shipment with no goods items yet.
            var shipmentId = (await ann.PostAsync("/api/shipments", new
            {
                companyId,
                mode = "sea",
                incoterm = "FOB",
                incotermPlace = "Ningbo",
                legs = new[] { new { from = "CNSHA", to = "RUVVO", mode = "sea" } },
                cargo = new[] { new { description = "Pumps, compressors and bearings", packages = 12, packageType = "cartons", grossWeightKg = 900, netWeightKg = 820 } },
            }, HttpStatusCode.Created, token)).GetProperty("id").GetGuid();
            var declarationId = (await ann.PostAsync("/api/customs/declarations", new { companyId, procedure = "40", shipmentId }, HttpStatusCode.Created, token))
                .GetProperty("id").GetGuid();
            var declarationUrl = $"/api/customs/declarations/{declarationId}";
            Assert.Empty((await ann.GetAsync(declarationUrl, token)).GetProperty("items").EnumerateArray());

            // The scan, uploaded for the shipment as a browser's form would send it.
            var uploaded = await UploadAsync(ann, companyId, shipmentId, invoice.Jpeg, HttpStatusCode.Created, token);
            var documentId = uploaded.GetProperty("documentId").GetGuid();
            Assert.Equal((1, false, "image/jpeg"), (uploaded.GetProperty("version").GetInt32(), uploaded.GetProperty("duplicate").GetBoolean(), uploaded.GetProperty("mediaType").GetString()));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(invoice.Jpeg)), uploaded.GetProperty("sha256").GetString());
            var sinceUpload = Stopwatch.StartNew();
            var document = await ann.GetAsync($"/api/documents/{documentId}", token);
            Assert.Contains(document.GetProperty("links").EnumerateArray(), l => l.GetProperty("kind").GetString() == "shipment" && l.GetProperty("targetId").GetGuid() == shipmentId);

            // The event processor reads it: queued, reading page 1 of 1, extracted.
            var extractionUrl = $"/api/documents/{documentId}/versions/1/extraction";
            var seen = new List<string>();
            JsonElement extraction;
            while (true)
            {
                extraction = await ann.GetAsync(extractionUrl, token);
                var status = extraction.GetProperty("status").GetString()!;
                var progress = extraction.GetProperty("progress");
                var step = progress.ValueKind == JsonValueKind.Object ? $"{status} page {progress.GetProperty("page")} of {progress.GetProperty("pages")}" : status;
                if (seen.Count == 0 || seen[^1] != step)
                {
                    seen.Add(step);
                }

                if (status is "extracted" or "failed")
                {
                    break;
                }

                Assert.True(sinceUpload.Elapsed < ReadingTimeout, $"The scan was not read within {ReadingTimeout.TotalSeconds} s; it went {string.Join(" → ", seen)}.");
                await Task.Delay(200, token);
            }

            var readAfter = sinceUpload.Elapsed;
            Assert.True(extraction.GetProperty("status").GetString() == "extracted", $"The scan was not read: {extraction}");
            Assert.Equal(("commercial-invoice", "ocr"), (extraction.GetProperty("kind").GetString(), extraction.GetProperty("source").GetString()));
            var page = Assert.Single(extraction.GetProperty("pages").EnumerateArray());
            Assert.Equal(1, page.GetProperty("number").GetInt32());

            // What the reader found, against what the invoice says: every field it found has a confidence and a box on the page.
            var extracted = Values(extraction);
            var expected = Flatten(invoice.Fields, invoice.Lines);
            var right = expected.Count(e => extracted.GetValueOrDefault(e.Key) == e.Value);
            output.WriteLine($"Upload → extracted {readAfter.TotalSeconds:F1} s ({string.Join(" → ", seen)}); {right} of {expected.Count} fields read right, "
                + $"wrong or missing: {string.Join("; ", expected.Where(e => extracted.GetValueOrDefault(e.Key) != e.Value).Select(e => $"{e.Key} '{e.Value}' as '{extracted.GetValueOrDefault(e.Key)}'"))}");
            Assert.True(right >= expected.Count / 2, $"The reader got only {right} of {expected.Count} fields right.");
            foreach (var field in AllFields(extraction))
            {
                Assert.InRange(field.GetProperty("confidence").GetDouble(), 0, 1);
                var box = field.GetProperty("box");
                Assert.Equal(JsonValueKind.Object, box.ValueKind);
                Assert.InRange(box.GetProperty("x").GetDouble() + box.GetProperty("width").GetDouble(), 0, page.GetProperty("width").GetDouble() + 1);
                Assert.InRange(box.GetProperty("y").GetDouble() + box.GetProperty("height").GetDouble(), 0, page.GetProperty("height").GetDouble() + 1);
            }

            // The page image the review screen shows under the boxes: a PNG of the page's aspect.
            var image = await ann.SendAsync(HttpMethod.Get, $"/api/documents/{documentId}/versions/1/pages/1", null, HttpStatusCode.OK, token);
            Assert.Equal("image/png", image.MediaType);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image.Bytes[..4]);

            // The member corrects what the reader got wrong, adds the weights an invoice does not print, accepts and fills the declaration.
            var lines = invoice.LinesWithWeights();
            var corrected = Corrections(extracted, invoice.Fields, lines);
            var reviewed = await ann.PostAsync($"/api/documents/{documentId}/versions/1/review", new
            {
                revision = extraction.GetProperty("revision").GetInt32(),
                fields = invoice.Fields,
                lines,
                fill = new { kind = "declaration", targetId = declarationId },
            }, HttpStatusCode.OK, token);
            var review = reviewed.GetProperty("review");
            Assert.Equal(invoice.Fields.OrderBy(f => f.Key), Strings(review.GetProperty("fields")).OrderBy(f => f.Key));
            Assert.Equal(corrected.Order(), review.GetProperty("corrected").EnumerateArray().Select(c => c.GetString()!).Order());
            var filled = Assert.Single(review.GetProperty("filled").EnumerateArray());
            Assert.Equal(("declaration", declarationId), (filled.GetProperty("kind").GetString(), filled.GetProperty("targetId").GetGuid()));
            Assert.Equal(Enumerable.Range(1, lines.Count), filled.GetProperty("items").EnumerateArray().Select(i => i.GetInt32()));
            output.WriteLine($"Accepted {invoice.Fields.Count} fields and {lines.Count} lines, {corrected.Count} of the values corrected, into goods items 1–{lines.Count}");

            // The declaration's goods items are the accepted lines, in the invoice's currency, each pointing back at its line of the document.
            var items = (await ann.GetAsync(declarationUrl, token)).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(lines.Count, items.Count);
            for (var i = 0; i < lines.Count; i++)
            {
                var (line, item) = (lines[i], items[i]);
                Assert.Equal(
                    (line["description"], line["hsCode"], line["countryOfOrigin"], Number(line["quantity"]), line["unit"].ToLowerInvariant(),
                     Number(line["netWeight"]), Number(line["grossWeight"]), Number(line["amount"]), invoice.Fields["currency"]),
                    (item.GetProperty("description").GetString()!, item.GetProperty("hsCode").GetString()!, item.GetProperty("origin").GetString()!,
                     item.GetProperty("quantity").GetDecimal(), item.GetProperty("unit").GetString()!, item.GetProperty("netKg").GetDecimal(), item.GetProperty("grossKg").GetDecimal(),
                     item.GetProperty("invoicePrice").GetProperty("amount").GetDecimal(), item.GetProperty("invoicePrice").GetProperty("currency").GetString()!));
                var source = item.GetProperty("source");
                Assert.Equal((documentId, 1, i), (source.GetProperty("documentId").GetGuid(), source.GetProperty("version").GetInt32(), source.GetProperty("line").GetInt32()));
            }

            // The same bytes again: the same document and version, nothing new stored or read.
            var again = await UploadAsync(ann, companyId, shipmentId, invoice.Jpeg, HttpStatusCode.OK, token);
            Assert.Equal((documentId, 1, true), (again.GetProperty("documentId").GetGuid(), again.GetProperty("version").GetInt32(), again.GetProperty("duplicate").GetBoolean()));
            Assert.Single((await ann.GetAsync($"/api/documents/{documentId}", token)).GetProperty("versions").EnumerateArray());
            var listed = await ann.GetAsync($"/api/documents?companyId={companyId}", token);
            Assert.Equal([documentId], listed.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));

            // A signed link: the member's own, and anyone holding it without signing in, get the very bytes uploaded.
            var link = await ann.PostAsync($"/api/documents/{documentId}/versions/1/link", new { }, HttpStatusCode.OK, token);
            var linkPath = new Uri(link.GetProperty("url").GetString()!).PathAndQuery;
            var expiresAt = link.GetProperty("expiresAt").GetDateTimeOffset();
            using var anonymous = new HttpClient { BaseAddress = apiBase };
            using (var content = await anonymous.GetAsync(linkPath, token))
            {
                Assert.Equal(HttpStatusCode.OK, content.StatusCode);
                Assert.Equal(invoice.Jpeg, await content.Content.ReadAsByteArrayAsync(token));
                Assert.Equal("image/jpeg", content.Content.Headers.ContentType?.MediaType);
            }

            Assert.Equal(invoice.Jpeg, (await ann.SendAsync(HttpMethod.Get, linkPath, null, HttpStatusCode.OK, token)).Bytes);

            // Bob, signed in with a company of his own, learns nothing: 404 as for a document that does not exist, the link included.
            foreach (var (method, path) in new[]
            {
                (HttpMethod.Get, $"/api/documents/{documentId}"),
                (HttpMethod.Get, extractionUrl),
                (HttpMethod.Get, $"/api/documents/{documentId}/versions/1/pages/1"),
                (HttpMethod.Get, $"/api/documents/{documentId}/versions/1/link"),
                (HttpMethod.Post, $"/api/documents/{documentId}/versions/1/link"),
                (HttpMethod.Get, linkPath),
            })
            {
                var answer = await bob.SendAsync(method, path, null, HttpStatusCode.NotFound, token);
                Assert.DoesNotContain(invoice.Fields["invoiceNumber"], answer.Text, StringComparison.Ordinal);
                Assert.DoesNotContain("Neva Pumps", answer.Text, StringComparison.Ordinal);
            }

            Assert.True(DateTimeOffset.UtcNow < expiresAt, $"The checks took longer than the link's lifetime ({LinkLifetime.TotalSeconds} s): the link had expired before Bob's turn.");
            await UploadAsync(bob, companyId, shipmentId, invoice.Jpeg, HttpStatusCode.NotFound, token, $"/api/documents/{documentId}/versions");
            await bob.SendAsync(HttpMethod.Post, $"/api/documents/{documentId}/versions/1/review",
                new { revision = reviewed.GetProperty("revision").GetInt32(), fields = invoice.Fields }, HttpStatusCode.NotFound, token);

            // A link whose expiry was pushed out is refused; once past its expiry it is gone, for the member too.
            var expires = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var tampered = linkPath.Replace($"expires={expires}", $"expires={expiresAt.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal);
            Assert.NotEqual(linkPath, tampered);
            using (var refused = await anonymous.GetAsync(tampered, token))
            {
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            }

            var untilExpiry = expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
            if (untilExpiry > TimeSpan.Zero)
            {
                await Task.Delay(untilExpiry, token);
            }

            using (var gone = await anonymous.GetAsync(linkPath, token))
            {
                Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
            }

            await ann.SendAsync(HttpMethod.Get, linkPath, null, HttpStatusCode.Gone, token);
            await app.StopAsync(token);
        }
        finally
        {
            dataRoot.Delete(recursive: true);
        }
    }

    private static async Task<JsonElement> UploadAsync(
        User user, Guid companyId, Guid shipmentId, byte[] file, HttpStatusCode expected, CancellationToken ct, string path = "/api/documents")
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(companyId.ToString()), "companyId" },
            { new StringContent("commercial-invoice"), "type" },
            { new StringContent(shipmentId.ToString()), "shipmentId" },
        };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(content, "file", "scan-invoice.jpg");
        var answer = await user.SendContentAsync(HttpMethod.Post, path, form, expected, ct);
        return answer.Text.Length == 0 ? default : JsonDocument.Parse(answer.Text).RootElement.Clone();
    }

    /// <summary>Every field the reader found, header and lines alike.</summary>
    private static IEnumerable<JsonElement> AllFields(JsonElement extraction) =>
        extraction.GetProperty("fields").EnumerateArray()
            .Concat(extraction.GetProperty("lines").EnumerateArray().SelectMany(l => l.GetProperty("fields").EnumerateArray()));

    /// <summary>The extraction's values as one flat map: header fields by name, line fields as <c>lines[i].name</c>.</summary>
    private static Dictionary<string, string> Values(JsonElement extraction)
    {
        var values = extraction.GetProperty("fields").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("value").GetString()!, StringComparer.Ordinal);
        foreach (var line in extraction.GetProperty("lines").EnumerateArray())
        {
            foreach (var field in line.GetProperty("fields").EnumerateArray())
            {
                values[$"lines[{line.GetProperty("index").GetInt32()}].{field.GetProperty("name").GetString()}"] = field.GetProperty("value").GetString()!;
            }
        }

        return values;
    }

    private static Dictionary<string, string> Flatten(IReadOnlyDictionary<string, string> fields, IEnumerable<IReadOnlyDictionary<string, string>> lines)
    {
        var flat = new Dictionary<string, string>(fields, StringComparer.Ordinal);
        foreach (var (line, i) in lines.Select((l, i) => (l, i)))
        {
            foreach (var (name, value) in line)
            {
                flat[$"lines[{i}].{name}"] = value;
            }
        }

        return flat;
    }

    /// <summary>What the review records as corrected: each value sent that differs from the one the reader found, or that it did not find.</summary>
    private static List<string> Corrections(Dictionary<string, string> extracted, IReadOnlyDictionary<string, string> fields, List<Dictionary<string, string>> lines) =>
        [.. Flatten(fields, lines).Where(v => extracted.GetValueOrDefault(v.Key) != v.Value).Select(v => v.Key)];

    private static IEnumerable<KeyValuePair<string, string>> Strings(JsonElement map) =>
        map.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!));

    private static decimal Number(string value) => decimal.Parse(value, CultureInfo.InvariantCulture);
}
