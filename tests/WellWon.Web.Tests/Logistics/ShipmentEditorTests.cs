using System.Net;
using System.Text.Json;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Web.Components.Pages.Logistics;
using WellWon.Web.Logistics;

namespace WellWon.Web.Tests.Logistics;

/// <summary>
/// The shipment form checks while the user types — the ISO 6346 check digit, net ≤ gross, chained legs — and shows the Api's
/// problem details at the field they name (<c>containers[0].number</c>), until that field changes.
/// </summary>
public sealed class ShipmentEditorTests : LogisticsTestContext
{
    private static readonly Guid CreatedId = Guid.Parse("0196a0c4-5555-7000-8000-0000000000c1");

    // A culture whose dates read otherwise than the browser's ISO 8601 input values: the form must not depend on the server's.
    public ShipmentEditorTests() => System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("de-DE");

    [Theory]
    [InlineData("MSCU1234566", null)]
    [InlineData("CSQU3054383", null)]
    [InlineData("mscu 123456-6", null)]
    [InlineData("MSCU1234565", "The check digit of MSCU123456 is 6, not 5.")]
    [InlineData("MSCX1234566", "A container number is 3 owner letters")]
    public void The_check_digit_mirrors_the_servers_rule(string number, string? error)
    {
        var found = ShipmentFieldRules.ContainerNumber(number);
        if (error is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.StartsWith(error, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_wrong_check_digit_shows_while_typing_and_goes_when_corrected()
    {
        var page = RenderNew();

        page.Find("#container-0-number").Input("MSCU1234565");
        Assert.Equal("The check digit of MSCU123456 is 6, not 5.", ErrorAt(page, "container-0-number"));

        page.Find("#container-0-number").Input("MSCU1234566");
        Assert.Null(ErrorAt(page, "container-0-number"));
    }

    [Fact]
    public void Net_weight_above_gross_is_refused_at_the_net_weight()
    {
        var page = RenderNew();

        page.Find("#cargo-0-gross").Input("100");
        page.Find("#cargo-0-net").Input("120");

        Assert.Equal("The net weight (120 kg) cannot exceed the gross weight (100 kg).", ErrorAt(page, "cargo-0-net"));
        page.Find("#cargo-0-net").Input("90");
        Assert.Null(ErrorAt(page, "cargo-0-net"));
    }

    [Fact]
    public void A_second_leg_starts_where_the_first_ends()
    {
        var page = RenderNew();
        page.Find("#leg-0-from").Input("CNSHA");
        page.Find("#leg-0-to").Input("SGSIN");
        page.Find("#leg-add").Click();
        Assert.Equal("SGSIN", page.Find("#leg-1-from").GetAttribute("value"));

        page.Find("#leg-1-from").Input("MYPKG");

        Assert.Equal("Leg 2 starts where leg 1 ends (SGSIN).", ErrorAt(page, "leg-1-from"));
    }

    [Fact]
    public void Saving_shows_every_check_without_calling_the_api()
    {
        var page = RenderNew();

        page.Find("#shipment-save").Click();

        Assert.Equal("Enter a UN/LOCODE (CNSHA, DEHAM).", ErrorAt(page, "leg-0-from"));
        Assert.Equal("Enter the container number.", ErrorAt(page, "container-0-number"));
        Assert.Equal("Describe the goods.", ErrorAt(page, "cargo-0-description"));
        Assert.DoesNotContain(Api.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public void The_apis_problem_details_show_at_the_fields_they_name_until_changed()
    {
        Api.On(HttpMethod.Post, "/api/shipments", HttpStatusCode.BadRequest, ToJson(new
        {
            title = "One or more validation errors occurred.",
            status = 400,
            code = "validation",
            errors = new Dictionary<string, string[]>
            {
                ["legs[0].to"] = ["'QQ' is not an ISO 3166-1 country, so QQHAM is no UN/LOCODE."],
                ["containers[0].number"] = ["Container MSCU1234566 is already in this shipment."],
            },
        }));
        var page = RenderNew();
        FillValid(page, to: "QQHAM");

        page.Find("#shipment-save").Click();

        page.WaitForAssertion(() => Assert.Equal("'QQ' is not an ISO 3166-1 country, so QQHAM is no UN/LOCODE.", ErrorAt(page, "leg-0-to")));
        Assert.Equal("Container MSCU1234566 is already in this shipment.", ErrorAt(page, "container-0-number"));
        Assert.Equal("Some fields need attention.", page.Find("#shipment-form-error").TextContent.Trim());
        var post = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post);
        using var body = JsonDocument.Parse(post.Body!);
        Assert.Equal(CompanyId, body.RootElement.GetProperty("companyId").GetGuid());
        Assert.Equal("QQHAM", body.RootElement.GetProperty("legs")[0].GetProperty("to").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), body.RootElement.GetProperty("legs")[0].GetProperty("etd").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.Parse("2027-01-10T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), body.RootElement.GetProperty("legs")[0].GetProperty("eta").GetDateTimeOffset());
        Assert.Equal("MSCU1234566", body.RootElement.GetProperty("containers")[0].GetProperty("number").GetString());
        Assert.Equal(1900m, body.RootElement.GetProperty("cargo")[0].GetProperty("netWeightKg").GetDecimal());

        page.Find("#leg-0-to").Input("DEHAM");
        Assert.Null(ErrorAt(page, "leg-0-to"));
        Assert.Equal("Container MSCU1234566 is already in this shipment.", ErrorAt(page, "container-0-number"));
    }

    [Fact]
    public void Save_and_book_creates_books_and_opens_the_shipment()
    {
        Api.On(HttpMethod.Post, "/api/shipments", HttpStatusCode.Created, ToJson(new { id = CreatedId, reference = "WW-2026-000043" }))
           .On(HttpMethod.Post, $"/api/shipments/{CreatedId}/book", HttpStatusCode.NoContent);
        var page = RenderNew();
        FillValid(page);

        page.Find("#shipment-save-book").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.EndsWith($"/shipments/{CreatedId}", navigation.Uri, StringComparison.Ordinal));
        Assert.Equal(
            ["/api/shipments", $"/api/shipments/{CreatedId}/book"],
            Api.Requests.Where(r => r.Method == HttpMethod.Post).Select(r => r.Path));
    }

    [Fact]
    public void An_item_endpoints_refusal_shows_at_that_items_field_when_editing()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, $"/api/shipments/{ShipmentSamples.ShipmentId}", HttpStatusCode.OK, ToJson(ShipmentSamples.Shipment(CompanyId)))
           .On(HttpMethod.Put, $"/api/shipments/{ShipmentSamples.ShipmentId}/header", HttpStatusCode.NoContent)
           .On(HttpMethod.Post, $"/api/shipments/{ShipmentSamples.ShipmentId}/containers", HttpStatusCode.BadRequest, ToJson(new
           {
               title = "Invalid",
               errors = new Dictionary<string, string[]> { ["type"] = ["A container type is an ISO 6346 size/type code."] },
           }));
        var page = Render<ShipmentEditor>(p => p.Add(e => e.Id, ShipmentSamples.ShipmentId));
        page.WaitForAssertion(() => Assert.Equal("MSCU1234566", page.Find("#container-0-number").GetAttribute("value")));

        page.Find("#container-add").Click();
        page.Find("#container-1-number").Input("CSQU3054383");
        page.Find("#shipment-save").Click();

        page.WaitForAssertion(() => Assert.Equal("A container type is an ISO 6346 size/type code.", ErrorAt(page, "container-1-type")));
        Assert.Contains(Api.Requests, r => r.Method == HttpMethod.Put && r.Path.EndsWith("/header", StringComparison.Ordinal));
        // Unchanged items are not sent again.
        Assert.DoesNotContain(Api.Requests, r => r.Method == HttpMethod.Put && r.Path.Contains("/legs/", StringComparison.Ordinal));
    }

    private IRenderedComponent<ShipmentEditor> RenderNew()
    {
        SignIn("member");
        var page = Render<ShipmentEditor>();
        page.WaitForAssertion(() => page.Find("#container-0-number"));
        return page;
    }

    private static void FillValid(IRenderedComponent<ShipmentEditor> page, string to = "DEHAM")
    {
        page.Find("#shipment-shipper-name").Input("Ningbo Tea Co");
        page.Find("#leg-0-from").Input("CNSHA");
        page.Find("#leg-0-to").Input(to);
        page.Find("#leg-0-etd").Change("2026-12-01T10:00");
        page.Find("#leg-0-eta").Change("2027-01-10T08:00");
        page.Find("#container-0-number").Input("MSCU1234566");
        page.Find("#cargo-0-description").Input("Green tea");
        page.Find("#cargo-0-packages").Input("100");
        page.Find("#cargo-0-gross").Input("2000");
        page.Find("#cargo-0-net").Input("1900");
    }

    /// <summary>The error text MudBlazor shows under an input, or null.</summary>
    private static string? ErrorAt(IRenderedComponent<ShipmentEditor> page, string inputId)
    {
        var control = page.Find($"#{inputId}").Closest(".mud-input-control");
        return control?.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() is { Length: > 0 } text ? text : null;
    }
}
