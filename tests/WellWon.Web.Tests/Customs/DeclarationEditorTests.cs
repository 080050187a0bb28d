using System.Net;
using WellWon.Web.Components.Pages.Customs;
using WellWon.Web.Tests.Logistics;

namespace WellWon.Web.Tests.Customs;

/// <summary>
/// The declaration editor: HS codes are searched as the user types, a changed code is saved and the sheet recalculated (the duty
/// shown changes), the Api's problem details appear at the fields they name, only members see the moves their status allows, and
/// a refused XML export lists its checks; a change made elsewhere is pushed and re-read after the pause, not while a field has the focus.
/// </summary>
public sealed class DeclarationEditorTests : LogisticsTestContext
{
    private static readonly Guid DeclarationId = Guid.Parse("0196a0c4-9999-7000-8000-000000000001");
    private static readonly Guid ItemId = Guid.Parse("0196a0c4-9999-7000-8000-000000000011");
    private static readonly string Path = $"/api/customs/declarations/{DeclarationId}";

    [Fact]
    public void Typing_in_the_HS_field_shows_suggestions_with_description_and_headings()
    {
        SignIn("member");
        Answer(Declaration("draft", "8471300000"), Sheet(0m));
        Api.On(HttpMethod.Get, "/api/customs/hs?q=8482&date=2025-11-14", HttpStatusCode.OK, ToJson(new[]
        {
            Hs("8482101000", "Ball bearings — with greatest external diameter not exceeding 30 mm"),
            Hs("8482109000", "Ball bearings — other"),
        }));

        var page = Render();
        page.Find("#item-0-hs").Input("8482");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=hs-suggestion]").Count));
        Assert.Equal("8482109000", page.FindAll("[data-testid=hs-suggestion-code]")[1].TextContent);
        Assert.Equal("Ball bearings — other", page.FindAll("[data-testid=hs-suggestion-description]")[1].TextContent);
        Assert.Contains("84 Nuclear reactors, boilers, machinery", page.FindAll("[data-testid=hs-suggestion-path]")[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("8482 Ball or roller bearings", page.FindAll("[data-testid=hs-suggestion-path]")[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Picking_another_HS_code_saves_the_item_and_the_recalculated_duty_is_shown()
    {
        SignIn("member");
        Answer(Declaration("draft", "8471300000"), Sheet(0m));
        Api.On(HttpMethod.Get, "/api/customs/hs?q=8482&date=2025-11-14", HttpStatusCode.OK, ToJson(new[] { Hs("8482109000", "Ball bearings — other") }));
        Api.On(HttpMethod.Put, $"{Path}/items/{ItemId}", _ =>
        {
            // From now on the declaration holds the new code and its calculation gives the duty of 10 %.
            Api.On(HttpMethod.Get, Path, HttpStatusCode.OK, ToJson(Declaration("draft", "8482109000")));
            Api.On(HttpMethod.Post, $"{Path}/calculation", HttpStatusCode.OK, ToJson(Sheet(12_345.67m, "8482109000")));
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        });

        var page = Render();
        Assert.Equal("0.00 ₽", page.Find("[data-testid=sheet-duty]").TextContent);
        page.Find("#item-0-hs").Input("8482");
        page.WaitForAssertion(() => page.Find("[data-testid=hs-suggestion]"));
        page.Find("[data-testid=hs-suggestion]").Click();

        page.WaitForAssertion(() => Assert.Equal("12,345.67 ₽", page.Find("[data-testid=sheet-duty]").TextContent));
        Assert.Equal("8482109000", page.Find("[data-testid=sheet-item-hs]").TextContent);
        var put = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Put);
        Assert.Contains("\"hsCode\":\"8482109000\"", put.Body, StringComparison.Ordinal);
        Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post && r.Path == $"{Path}/calculation");
    }

    [Fact]
    public void The_Apis_field_messages_appear_at_the_fields_they_name()
    {
        SignIn("member");
        Answer(Declaration("draft", "8471300000"), Sheet(0m));
        Api.On(HttpMethod.Put, $"{Path}/items/{ItemId}", HttpStatusCode.BadRequest, Problem(("items[0].origin", "'XX' is not an ISO 3166-1 alpha-2 country code.")));
        // The Api's answer when the compliance check finds errors: 422 with every check, each naming its field.
        Api.On(HttpMethod.Post, $"{Path}/check", (HttpStatusCode)422, ToJson(new
        {
            title = "The declaration did not pass its checks.",
            status = 422,
            code = "customs.compliance-failed",
            declarationStatus = "draft",
            checks = new[]
            {
                new { code = "customs.declarant-missing", severity = "error", field = "declarant", message = "A declaration needs its declarant (box 14)." },
                new { code = "customs.item-documents-missing", severity = "error", field = "items[0].documents", message = "Every item names at least one supporting document (box 44)." },
            },
        }));

        var page = Render();
        page.Find("#item-0-origin").Change("XX");
        page.WaitForAssertion(() => Assert.Contains("'XX' is not an ISO 3166-1 alpha-2 country code.", FieldOf(page, "#item-0-origin"), StringComparison.Ordinal));

        page.Find("#declaration-check").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=check-failure]").Count));
        Assert.Contains("A declaration needs its declarant (box 14).", FieldOf(page, "#header-declarant-name"), StringComparison.Ordinal);
        Assert.Contains("Every item names at least one supporting document (box 44).", FieldOf(page, "#item-0-documents"), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=api-problem]"));
    }

    [Fact]
    public void A_check_that_passes_with_warnings_lists_them()
    {
        SignIn("member");
        Answer(Declaration("draft", "8471300000"), Sheet(0m));
        Api.On(HttpMethod.Post, $"{Path}/check", HttpStatusCode.OK, ToJson(new
        {
            status = "checked",
            passed = true,
            checks = new[] { new { code = "customs.weight-differs-from-shipment", severity = "warning", field = "items", message = "Items weigh 3 % more than the shipment's cargo." } },
        }));

        var page = Render();
        page.Find("#declaration-check").Click();

        page.WaitForAssertion(() => Assert.Equal(
            "Warning: Items weigh 3 % more than the shipment's cargo.", Assert.Single(page.FindAll("[data-testid=check-failure]")).TextContent.Trim()));
    }

    [Fact]
    public void A_member_sees_the_moves_of_the_status_and_a_viewer_none()
    {
        SignIn("member");
        Answer(Declaration("submitted", "8471300000"), Sheet(0m));
        var page = Render();
        Assert.Equal(["declaration-register", "declaration-reject", "declaration-recall"], page.FindAll("[data-testid=declaration-move]").Select(b => b.Id!).ToArray());
        Assert.True(page.Find("#item-0-origin").HasAttribute("disabled"));
    }

    [Fact]
    public void A_viewer_sees_no_changing_button()
    {
        SignIn("viewer");
        Answer(Declaration("draft", "8471300000"), Sheet(0m));

        var page = Render();

        Assert.Empty(page.FindAll("[data-testid=declaration-move]"));
        Assert.Empty(page.FindAll("#item-add"));
        Assert.Empty(page.FindAll("[data-testid=item-save]"));
        Assert.True(page.Find("#item-0-origin").HasAttribute("disabled"));
        Assert.Single(page.FindAll("#declaration-xml"));
        // Reading never recalculates: that is a change the viewer may not make.
        Assert.DoesNotContain(Api.Requests, r => r.Method != HttpMethod.Get);
    }

    [Fact]
    public void A_refused_XML_export_lists_its_checks()
    {
        SignIn("member");
        Answer(Declaration("draft", "8471300000"), Sheet(0m));
        Api.On(HttpMethod.Get, $"{Path}/xml", HttpStatusCode.UnprocessableEntity, ToJson(new
        {
            title = "The declaration cannot be exported",
            status = 422,
            code = "customs.export-refused",
            detail = "A declaration needs the customs office it is lodged with (box 29).",
            checks = new[] { new { field = "customsOffice", code = "customs.incomplete", message = "A declaration needs the customs office it is lodged with (box 29)." } },
        }));

        var page = Render();
        page.Find("#declaration-xml").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=xml-check]")));
        Assert.Equal("customsOffice", page.Find("[data-testid=xml-check]").GetAttribute("data-field"));
        Assert.Contains("box 29", FieldOf(page, "#header-customs-office"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_made_elsewhere_is_pushed_and_the_editor_rereads_the_declaration_and_its_sheet()
    {
        SignIn("member");
        Answer(Declaration("draft", "8471300000"), Sheet(0m));
        var page = Render();
        Assert.Contains(Live.Joined, g => g == $"company:{CompanyId}");

        Answer(Declaration("draft", "8482109000", version: 5), Sheet(12_345.67m, "8482109000"));
        Live.Push($"company:{CompanyId}", "declaration", DeclarationId.ToString(), 5, "calculated");

        page.WaitForAssertion(() => Assert.Equal("12,345.67 ₽", page.Find("[data-testid=sheet-duty]").TextContent));
        Assert.Equal("8482109000", page.Find("[data-testid=sheet-item-hs]").TextContent);
    }

    [Fact]
    public void Another_declarations_push_and_the_echo_of_its_own_save_are_not_reread()
    {
        SignIn("member");
        Answer(Declaration("draft", "8471300000"), Sheet(0m));
        var page = Render();
        var reads = Api.Requests.Count(r => r.Method == HttpMethod.Get && r.Path == Path);

        Live.Push($"company:{CompanyId}", "declaration", Guid.NewGuid().ToString(), 9, "items");
        Live.Push($"company:{CompanyId}", "shipment", DeclarationId.ToString(), 9, "notes");
        Live.Push($"company:{CompanyId}", "declaration", DeclarationId.ToString(), 3, "items");
        Thread.Sleep(100);

        Assert.Equal(reads, Api.Requests.Count(r => r.Method == HttpMethod.Get && r.Path == Path));
        Assert.Equal("0.00 ₽", page.Find("[data-testid=sheet-duty]").TextContent);
    }

    [Fact]
    public void While_a_field_has_the_focus_a_pushed_change_waits_and_is_reread_once_the_field_is_left()
    {
        SignIn("member");
        Answer(Declaration("draft", "8471300000"), Sheet(0m));
        var page = Render();
        var reads = Api.Requests.Count(r => r.Method == HttpMethod.Get && r.Path == Path);
        page.Find("#header-customs-office").FocusIn();

        Answer(Declaration("draft", "8482109000", version: 5), Sheet(12_345.67m, "8482109000"));
        Live.Push($"company:{CompanyId}", "declaration", DeclarationId.ToString(), 5, "items");
        Thread.Sleep(100);
        Assert.Equal(reads, Api.Requests.Count(r => r.Method == HttpMethod.Get && r.Path == Path));

        page.Find("#header-customs-office").FocusOut();

        page.WaitForAssertion(() => Assert.Equal("12,345.67 ₽", page.Find("[data-testid=sheet-duty]").TextContent));
    }

    [Fact]
    public void A_rejection_and_a_recall_show_apart_each_with_its_reason_who_and_when()
    {
        SignIn("member");
        Answer(Declaration("rejected", "8471300000", rejection: new { reason = "Box 44: contract missing", by = (Guid?)null, at = "2025-11-15T09:30:00+00:00" }), Sheet(0m));
        var page = Render();

        Assert.Equal("Box 44: contract missing", page.Find("[data-testid=rejection-reason]").TextContent);
        Assert.Equal("2025-11-15 09:30", page.Find("[data-testid=rejection-at]").TextContent);
        Assert.Contains("Rejected by customs", page.Find("[data-testid=declaration-rejection]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=declaration-recall]"));

        Answer(Declaration("recalled", "8471300000", version: 5, recall: new { reason = "Goods will be re-exported", by = Me, at = "2025-11-16T07:05:00+00:00" }), Sheet(0m));
        Live.Push($"company:{CompanyId}", "declaration", DeclarationId.ToString(), 5, "status");

        page.WaitForAssertion(() => Assert.Equal("Goods will be re-exported", page.Find("[data-testid=recall-reason]").TextContent));
        Assert.Equal(("you", "2025-11-16 07:05"), (page.Find("[data-testid=recall-by]").TextContent, page.Find("[data-testid=recall-at]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=declaration-rejection]"));
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

    private void Answer(object declaration, object sheet)
    {
        Api.On(HttpMethod.Get, Path, HttpStatusCode.OK, ToJson(declaration));
        Api.On(HttpMethod.Get, $"{Path}/calculation", HttpStatusCode.OK, ToJson(sheet));
        Api.On(HttpMethod.Post, $"{Path}/calculation", HttpStatusCode.OK, ToJson(sheet));
    }

    /// <summary>The text of the form field around the input: its label, value and helper (error) text.</summary>
    private static string FieldOf(IRenderedComponent<DeclarationEditor> page, string inputSelector) =>
        page.Find(inputSelector).Closest(".mud-input-control")!.TextContent;

    private static object Declaration(string status, string hsCode, long version = 3, object? rejection = null, object? recall = null) => new
    {
        id = DeclarationId,
        companyId = CompanyId,
        status,
        header = new
        {
            declarant = (object?)null, representative = (object?)null, procedure = "40", customsOffice = (string?)null,
            declarationDate = "2025-11-14", incoterm = "FOB", incotermPlace = "Shanghai", shipmentId = (Guid?)null, allocationMethod = "weight",
        },
        items = new[]
        {
            new
            {
                id = ItemId, description = "Bearings", hsCode, origin = "CN", quantity = 1000m, unit = "pcs", grossKg = 1200m, netKg = 1100m,
                invoicePrice = new { amount = 15000m, currency = "USD" }, preference = (string?)null, exciseQuantity = (decimal?)null,
                documents = new[] { new { code = "04021", number = "INV-1", date = (string?)null } },
            },
        },
        costs = new[] { new { kind = "freight", amount = new { amount = 1200m, currency = "USD" } } },
        registrationNumber = (string?)null,
        rejection,
        recall,
        corrections = 0,
        calculation = new { date = "2025-11-14", customsValue = 1_500_000m, duty = 0m, excise = 0m, vat = 300_000m, fee = 8_530m, total = 308_530m, current = true },
        version,
        createdAt = "2025-11-14T08:00:00Z",
        updatedAt = "2025-11-14T08:00:00Z",
    };

    private static object Sheet(decimal duty, string hsCode = "8471300000") => new
    {
        date = "2025-11-14",
        allocationMethod = "weight",
        rates = new Dictionary<string, decimal> { ["USD"] = 100m },
        lines = new[]
        {
            new { item = (int?)1, kind = "customs-value", @base = 15000m, baseUnit = "USD", rate = "100", formula = "15000 USD × 100", amount = 1_500_000m },
            new { item = (int?)1, kind = "duty", @base = 1_500_000m, baseUnit = "RUB", rate = "10%", formula = "1500000 × 10%", amount = duty },
        },
        items = new[] { new { item = 1, hsCode, customsValue = 1_500_000m, duty, excise = 0m, vat = 300_000m } },
        customsValue = 1_500_000m,
        duty,
        excise = 0m,
        vat = 300_000m,
        fee = 8_530m,
    };

    private static object Hs(string code, string description) => new
    {
        code,
        descriptionRu = "Подшипники",
        descriptionEn = description,
        path = new[]
        {
            new { code = "84", descriptionRu = "Реакторы", descriptionEn = "Nuclear reactors, boilers, machinery" },
            new { code = "8482", descriptionRu = "Подшипники", descriptionEn = "Ball or roller bearings" },
            new { code = "848210", descriptionRu = "Шариковые", descriptionEn = "Ball bearings" },
        },
    };

    private static string Problem(params (string Field, string Message)[] errors) => ToJson(new
    {
        title = "One or more validation errors occurred.",
        status = 400,
        code = "validation",
        errors = errors.ToDictionary(e => e.Field, e => new[] { e.Message }),
    });
}
