using System.Net;
using WellWon.Web.Components.Pages.Customs;
using WellWon.Web.Tests.Logistics;

namespace WellWon.Web.Tests.Customs;

/// <summary>
/// Correcting a registered declaration: a member opens the correction from the editor, changes an item's price, sees duty and VAT
/// before → after as the Api recalculates them, gives the reason and submits; the Api's field messages appear at the fields; the
/// corrections history shows who, when, why, what changed and the payment difference; a viewer is not offered to correct.
/// </summary>
public sealed class CorrectionTests : LogisticsTestContext
{
    private static readonly Guid DeclarationId = Guid.Parse("0196a0c4-9999-7000-8000-000000000002");
    private static readonly Guid ItemId = Guid.Parse("0196a0c4-9999-7000-8000-000000000021");
    private static readonly string Path = $"/api/customs/declarations/{DeclarationId}";

    [Fact]
    public void A_member_corrects_an_items_price_sees_the_differences_and_submits_with_the_reason()
    {
        SignIn("member");
        Answer(Declaration("registered"));
        Api.On(HttpMethod.Post, $"{Path}/corrections/preview", HttpStatusCode.OK, ToJson(Correction(by: Me)));
        Api.On(HttpMethod.Post, $"{Path}/corrections", _ =>
        {
            // From now on the declaration has its correction in the history.
            Api.On(HttpMethod.Get, Path, HttpStatusCode.OK, ToJson(Declaration("registered", Correction(by: Me))));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(ToJson(Correction(by: Me)), System.Text.Encoding.UTF8, "application/json") };
        });

        var page = Render();
        page.Find("#declaration-correct").Click();
        Assert.True(page.Find("#correction-submit").HasAttribute("disabled"));
        page.Find("#correction-0-price").Change("13000");
        page.Find("#correction-reason").Input("Price per the corrected invoice");
        page.Find("#correction-preview").Click();

        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-testid=correction-difference]").Count));
        var duty = page.Find("[data-testid=correction-difference][data-payment=Duty]");
        Assert.Equal(("121,500.00 ₽", "129,575.00 ₽", "+8,075.00 ₽"), (duty.QuerySelector("[data-testid=correction-before]")!.TextContent,
            duty.QuerySelector("[data-testid=correction-after]")!.TextContent, duty.QuerySelector("[data-testid=correction-delta]")!.TextContent));
        var vat = page.Find("[data-testid=correction-difference][data-payment=VAT]");
        Assert.Equal("+17,765.00 ₽", vat.QuerySelector("[data-testid=correction-delta]")!.TextContent);
        Assert.Contains("invoicePrice: 12000 USD → 13000 USD", page.Find("#correction-panel [data-testid=correction-change]").TextContent, StringComparison.Ordinal);
        var preview = Assert.Single(Api.Requests, r => r.Path == $"{Path}/corrections/preview");
        Assert.Contains("\"amount\":13000", preview.Body, StringComparison.Ordinal);
        Assert.Contains($"\"id\":\"{ItemId}\"", preview.Body, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"Price per the corrected invoice\"", preview.Body, StringComparison.Ordinal);

        page.Find("#correction-submit").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=correction-entry]")));
        Assert.Empty(page.FindAll("#correction-panel"));
        Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post && r.Path == $"{Path}/corrections");
    }

    [Fact]
    public void The_Apis_field_messages_appear_at_the_correction_fields()
    {
        SignIn("member");
        Answer(Declaration("released"));
        Api.On(HttpMethod.Post, $"{Path}/corrections/preview", HttpStatusCode.BadRequest, ToJson(new
        {
            title = "One or more validation errors occurred.",
            status = 400,
            errors = new Dictionary<string, string[]>
            {
                ["reason"] = ["reason is required."],
                ["items[0].hsCode"] = ["'8482' is not a 10-digit EAEU commodity code."],
            },
        }));

        var page = Render();
        page.Find("#declaration-correct").Click();
        page.Find("#correction-0-hs").Change("8482");
        page.Find("#correction-preview").Click();

        page.WaitForAssertion(() => Assert.Contains("reason is required.", FieldOf(page, "#correction-reason"), StringComparison.Ordinal));
        Assert.Contains("not a 10-digit EAEU commodity code", FieldOf(page, "#correction-0-hs"), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=correction-difference]"));
        Assert.True(page.Find("#correction-submit").HasAttribute("disabled"));
    }

    [Fact]
    public void The_history_shows_who_when_why_what_changed_and_the_payment_difference()
    {
        SignIn("viewer");
        var other = Guid.Parse("0196a0c4-0000-7000-8000-0000000000bb");
        Answer(Declaration("released", Correction(by: Me), Correction(by: other, number: 2, reason: "Origin per the certificate")));

        var page = Render();

        var entries = page.FindAll("[data-testid=correction-entry]");
        Assert.Equal(["2", "1"], entries.Select(e => e.GetAttribute("data-number")!).ToArray());
        Assert.Equal(("You", "2025-11-15 10:30", "Price per the supplier's corrected invoice"), (
            entries[1].QuerySelector("[data-testid=correction-by]")!.TextContent, entries[1].QuerySelector("[data-testid=correction-at]")!.TextContent,
            entries[1].QuerySelector("[data-testid=correction-reason]")!.TextContent));
        Assert.Equal(other.ToString("N")[..8], entries[0].QuerySelector("[data-testid=correction-by]")!.TextContent);
        Assert.Contains("Item 1 · invoicePrice: 12000 USD → 13000 USD", entries[1].QuerySelector("[data-testid=correction-change]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Payments 393,724.00 ₽ → 419,564.00 ₽ (+25,840.00 ₽)", entries[1].QuerySelector("[data-testid=correction-payment-difference]")!.TextContent, StringComparison.Ordinal);
        // A viewer reads the history and is offered no correction.
        Assert.Empty(page.FindAll("#declaration-correct"));
    }

    [Fact]
    public void Only_a_registered_or_released_declaration_is_offered_a_correction()
    {
        SignIn("member");
        Answer(Declaration("submitted"));
        var page = Render();
        Assert.Empty(page.FindAll("#declaration-correct"));
        Assert.Empty(page.FindAll("[data-testid=correction-history]"));
    }

    private IRenderedComponent<DeclarationEditor> Render()
    {
        RenderProviders();
        var page = Render<DeclarationEditor>(p => p
            .Add(e => e.Id, DeclarationId)
            .Add(e => e.RecalculateDelay, TimeSpan.FromMilliseconds(1))
            .Add(e => e.SearchDelay, TimeSpan.Zero));
        page.WaitForAssertion(() => page.Find("[data-testid=sheet-duty]"));
        return page;
    }

    private void Answer(object declaration)
    {
        Api.On(HttpMethod.Get, Path, HttpStatusCode.OK, ToJson(declaration));
        Api.On(HttpMethod.Get, $"{Path}/calculation", HttpStatusCode.OK, ToJson(Sheet()));
    }

    private static string FieldOf(IRenderedComponent<DeclarationEditor> page, string inputSelector) =>
        page.Find(inputSelector).Closest(".mud-input-control")!.TextContent;

    private static object Payments(decimal duty, decimal vat) => new
    {
        customsValue = 1_215_000m, duty, excise = 0m, vat, fee = 4_924m, total = duty + vat + 4_924m,
        items = new[] { new { item = 1, hsCode = "8482109000", customsValue = 1_215_000m, duty, excise = 0m, vat } },
    };

    private static object Correction(Guid by, int number = 1, string reason = "Price per the supplier's corrected invoice") => new
    {
        number,
        revision = 5 + number,
        by,
        at = "2025-11-15T10:30:00+00:00",
        reason,
        changes = new[] { new { item = (int?)1, field = "invoicePrice", before = "12000 USD", after = "13000 USD" } },
        before = Payments(121_500.00m, 267_300.00m),
        after = Payments(129_575.00m, 285_065.00m),
        paymentDifference = 25_840.00m,
    };

    private static object Declaration(string status, params object[] history) => new
    {
        id = DeclarationId,
        companyId = CompanyId,
        status,
        header = new
        {
            declarant = new { name = "OOO Vostok Import", taxId = "2540123456" }, representative = (object?)null, procedure = "40", customsOffice = "10702070",
            declarationDate = "2025-11-14", incoterm = "FOB", incotermPlace = "Shanghai", shipmentId = (Guid?)null, allocationMethod = "weight",
        },
        items = new[]
        {
            new
            {
                id = ItemId, description = "Ball bearings 6204-2RS", hsCode = "8482109000", origin = "CN", quantity = 12000m, unit = "pcs", grossKg = 1500m, netKg = 1400m,
                invoicePrice = new { amount = 12000m, currency = "USD" }, preference = (string?)null, exciseQuantity = (decimal?)null,
                documents = new[] { new { code = "04021", number = "INV-1", date = (string?)null } },
            },
        },
        costs = Array.Empty<object>(),
        registrationNumber = status is "registered" or "released" ? "10702070/141125/3001234" : null,
        rejection = (object?)null,
        recall = (object?)null,
        corrections = history.Length,
        correctionHistory = history,
        calculation = new { date = "2025-11-14", customsValue = 1_215_000m, duty = 121_500m, excise = 0m, vat = 267_300m, fee = 4_924m, total = 393_724m, current = true },
        version = 7L,
        createdAt = "2025-11-14T08:00:00Z",
        updatedAt = "2025-11-14T08:00:00Z",
    };

    private static object Sheet() => new
    {
        date = "2025-11-14",
        allocationMethod = "weight",
        rates = new Dictionary<string, decimal> { ["USD"] = 80.75m },
        lines = Array.Empty<object>(),
        items = new[] { new { item = 1, hsCode = "8482109000", customsValue = 1_215_000m, duty = 121_500m, excise = 0m, vat = 267_300m } },
        customsValue = 1_215_000m,
        duty = 121_500m,
        excise = 0m,
        vat = 267_300m,
        fee = 4_924m,
    };
}
