using System.Net;
using MudBlazor;
using WellWon.Web.Components.Finance;
using WellWon.Web.Components.Pages.Finance;
using static WellWon.Web.Tests.Finance.LedgerSamples;

namespace WellWon.Web.Tests.Finance;

/// <summary>A conversion between two bank accounts shows its spread against the market rate before it is booked, and sends decimals as typed.</summary>
public sealed class ConversionDialogTests : FinanceTestContext
{
    [Fact]
    public async Task The_conversion_shows_its_spread_and_books_sold_and_bought_amounts()
    {
        SignIn("admin");
        Api.On(HttpMethod.Get, $"/api/finance/ledger/accounts?companyId={CompanyId}", HttpStatusCode.OK, ToJson(Chart()));
        Api.On(HttpMethod.Post, "/api/finance/ledger/conversions", HttpStatusCode.Created, ToJson(new { entries = Array.Empty<object>(), replayed = false }));
        var providers = RenderProviders();
        var page = Render<LedgerPage>();
        page.WaitForAssertion(() => page.Find("#ledger-convert"));

        page.Find("#ledger-convert").Click();
        providers.WaitForAssertion(() => providers.FindComponent<ConversionDialog>());
        var dialog = providers.FindComponent<ConversionDialog>();
        var selects = dialog.FindComponents<MudSelect<string>>();
        await dialog.InvokeAsync(() => selects[0].Instance.ValueChanged.InvokeAsync("1010.RUB"));
        await dialog.InvokeAsync(() => selects[1].Instance.ValueChanged.InvokeAsync("1010.USD"));
        providers.Find("#conversion-sold").Input("92000");
        providers.Find("#conversion-bought").Input("1000");
        providers.Find("#conversion-rate").Input("91.5");

        providers.WaitForAssertion(() => Assert.Equal("Spread 500.00 RUB, effective rate 92", providers.Find("[data-testid=conversion-spread]").TextContent));
        providers.Find("#conversion-submit").Click();

        page.WaitForAssertion(() => Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post));
        var sent = Api.Requests.Single(r => r.Method == HttpMethod.Post).Body!;
        Assert.Contains("\"sold\":{\"amount\":92000,\"currency\":\"RUB\"},\"bought\":{\"amount\":1000,\"currency\":\"USD\"},\"marketRate\":91.5,\"fromAccount\":\"1010.RUB\",\"toAccount\":\"1010.USD\"", sent, StringComparison.Ordinal);
    }
}
