using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WellWon.E2E.Tests.Infrastructure;
using WellWon.Testing.Documents;
using static Microsoft.Playwright.Assertions;
using static WellWon.E2E.Tests.Infrastructure.PageActions;

namespace WellWon.E2E.Tests;

/// <summary>
/// A person with a company and a draft declaration uploads a scanned invoice on the Documents page, watches it being read, opens the review: the page image with the
/// extracted fields' boxes over it, the one under the pointer highlighted. They correct a quantity (and put right anything else the
/// reader got wrong, as a reviewer would), add the weights the invoice does not print, accept into their draft declaration, and find
/// the goods item there with the quantity they typed.
/// </summary>
public sealed partial class DocumentsScenarioTests(WellWonApp app, Chromium chromium) : IAsyncDisposable
{
    /// <summary>OCR of one 300 dpi page on a loaded two-core machine takes seconds; this bounds a broken worker, not a slow one.</summary>
    private static readonly TimeSpan Reading = TimeSpan.FromSeconds(90);

    private readonly Scenario _scenario = new(chromium, app);

    [Fact]
    public async Task An_uploaded_invoice_image_is_reviewed_corrected_and_accepted_into_the_declaration()
    {
        var sinceStart = Stopwatch.StartNew();
        var output = TestContext.Current.TestOutputHelper;
        var invoice = ScannedInvoice.Generate("ningbo-huaxin", seed: 211);
        Guid declarationId;
        var page = await _scenario.OpenUserAsync("D");
        var person = Person.New("Dana", "Documents");
        await page.SignUpAsync(person);

        // Her company and its draft declaration, made over the Api as a script would (the company and customs scenarios make them on screen).
        var ct = TestContext.Current.CancellationToken;
        using (var api = await ApiClient.SignInAsync(app.Api, person.Email, person.Password, ct))
        {
            var company = await api.PostAsync("/api/companies", new { name = "Document Imports " + Guid.NewGuid().ToString("N")[..6], country = "RU", companyType = "importer" }, ct);
            var declaration = await api.PostAsync("/api/customs/declarations", new { companyId = company.GetProperty("id").GetGuid(), procedure = "40" }, ct);
            declarationId = declaration.GetProperty("id").GetGuid();
        }

        output?.WriteLine($"{sinceStart.Elapsed.TotalSeconds,5:F1} s  signed up, with a company and a draft declaration");

        // The scan, dropped on the Documents page: its type is guessed from the name, and it uploads.
        await page.GotoAsync("/documents");
        await page.WaitInteractiveAsync();
        await Expect(page.GetByTestId("documents-empty")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Ms(Patience) });
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "invoice-scan.jpg", MimeType = "image/jpeg", Buffer = invoice.Jpeg });
        var start = page.GetByTestId("document-upload-start");
        await Expect(start).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = Ms(Patience) });
        await start.ClickAsync();
        var outcome = page.GetByTestId("document-upload-outcome");
        await Expect(outcome).ToContainTextAsync("Uploaded as version 1", new LocatorAssertionsToContainTextOptions { Timeout = Ms(Patience) });
        var documentId = DocumentAddress().Match(await outcome.Locator("a").GetAttributeAsync("href") ?? "").Groups["id"].Value;
        var sinceUpload = Stopwatch.StartNew();

        // The list follows the reading as the worker reports it: "Reading page 1 of 1", then read.
        var status = page.Locator($"[data-testid=document-row-status][data-id='{documentId}'] [data-testid=document-status]");
        await Expect(status).ToHaveTextAsync(ReadingPageOrRead(), new LocatorAssertionsToHaveTextOptions { Timeout = Ms(Reading) });
        var sawReading = await status.GetAttributeAsync("data-status") == "reading";
        if (sawReading)
        {
            await StepAsync(page, "reading the scan", sinceStart);
        }

        await Expect(status).ToHaveAttributeAsync("data-status", "extracted", new LocatorAssertionsToHaveAttributeOptions { Timeout = Ms(Reading) });
        await Expect(status).ToHaveTextAsync("Read");
        output?.WriteLine($"Upload → read on screen {sinceUpload.Elapsed.TotalSeconds:F1} s (reading page shown: {sawReading})");
        await StepAsync(page, "read", sinceStart);

        // The review: the page image with a box over it for each field found.
        await page.Locator($"[data-testid=document-link][href='/documents/{documentId}']").ClickAsync();
        await page.GetByTestId("version-review").ClickAsync();
        await Expect(page.GetByTestId("review-page-image")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Ms(Patience) });
        await page.WaitInteractiveAsync();
        Assert.True(await page.GetByTestId("field-box").CountAsync() >= invoice.Lines.Count, "The page shows fewer boxes than the invoice has lines.");
        Assert.True(await page.EvaluateAsync<bool>("() => { const i = document.querySelector('[data-testid=review-page-image]'); return i.complete && i.naturalWidth > 0; }"),
            "The page image did not load.");

        // Pointing at the first line's quantity highlights its box on the page.
        var quantityBox = page.Locator("[data-testid=field-box][data-field='lines[0].quantity']");
        await page.Locator("[data-testid=review-line-field][data-field='lines[0].quantity']").HoverAsync();
        await Expect(quantityBox).ToHaveAttributeAsync("data-highlighted", "true", new LocatorAssertionsToHaveAttributeOptions { Timeout = Ms(Patience) });
        await StepAsync(page, "the review with the quantity highlighted", sinceStart);

        // The correction: a different quantity on the first line; the rest put right where the reader erred, and the weights added.
        var quantity = (decimal.Parse(invoice.Lines[0]["quantity"], CultureInfo.InvariantCulture) + 5).ToString(CultureInfo.InvariantCulture);
        var lines = invoice.LinesWithWeights();
        lines[0]["quantity"] = quantity;
        var shown = await page.GetByTestId("review-line").CountAsync();
        Assert.True(shown >= 1, "The review shows no line items.");
        var corrected = 0;
        for (var i = 0; i < Math.Min(shown, lines.Count); i++)
        {
            foreach (var (name, value) in lines[i])
            {
                // A column no line had (the unit price, say) is not offered: the declaration does not need it.
                var input = page.Locator($"#line-{i}-{name}");
                if (await input.CountAsync() == 1 && await input.InputValueAsync() != value)
                {
                    await input.FillAsync(value);
                    await input.PressAsync("Tab");
                    corrected++;
                }
            }
        }

        foreach (var (name, value) in invoice.Fields)
        {
            var input = page.Locator($"#field-{name}");
            if (await input.CountAsync() == 1 && await input.InputValueAsync() != value)
            {
                await input.FillAsync(value);
                await input.PressAsync("Tab");
                corrected++;
            }
        }

        output?.WriteLine($"{corrected} values typed in the review ({shown} lines shown of {lines.Count})");

        // Into the draft declaration, picked from the list of drafts.
        await page.GetByTestId("review-fill-target").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = declarationId.ToString("N")[..8] }).ClickAsync();
        await page.GetByTestId("review-accept").ClickAsync();
        var filled = page.GetByTestId("review-filled");
        await Expect(filled).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Ms(Patience) });
        await Expect(filled).ToContainTextAsync("goods items");
        await StepAsync(page, "accepted into the declaration", sinceStart);

        // The declaration has the goods item with the corrected quantity.
        await page.GetByTestId("review-filled-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/customs/{declarationId}$"), new PageAssertionsToHaveURLOptions { Timeout = Ms(Patience) });
        await Expect(page.GetByTestId("item-row")).ToHaveCountAsync(Math.Min(shown, lines.Count), new LocatorAssertionsToHaveCountOptions { Timeout = Ms(Patience) });
        await Expect(page.Locator("#item-0-quantity")).ToHaveValueAsync(quantity);
        await Expect(page.Locator("#item-0-description")).ToHaveValueAsync(lines[0]["description"]);
        await Expect(page.Locator("#item-0-hs")).ToHaveValueAsync(lines[0]["hsCode"]);
        await StepAsync(page, "the goods item in the declaration", sinceStart);
    }

    /// <summary>A screenshot of the step, and how far into the scenario it came (the run's output shows where the time goes).</summary>
    private async Task StepAsync(IPage page, string name, Stopwatch sinceStart)
    {
        await _scenario.StepAsync(page, name);
        TestContext.Current.TestOutputHelper?.WriteLine($"{sinceStart.Elapsed.TotalSeconds,5:F1} s  {name}");
    }

    [GeneratedRegex(@"^(Reading page \d+ of \d+|Read)$")]
    private static partial Regex ReadingPageOrRead();

    [GeneratedRegex(@"/documents/(?<id>[0-9a-f-]{36})")]
    private static partial Regex DocumentAddress();

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();
}
