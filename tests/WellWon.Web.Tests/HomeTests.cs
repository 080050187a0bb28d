using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using WellWon.Web.Components.Pages;

namespace WellWon.Web.Tests;

public sealed class HomeTests : BunitContext
{
    public HomeTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Shows_the_api_health_it_was_told()
    {
        var api = new StubApi().On(HttpMethod.Get, "/health", HttpStatusCode.OK, "Healthy");
        Services.AddSingleton(new WellWonApiClient(api.Client()));

        var page = Render<Home>();

        page.WaitForAssertion(() => Assert.Equal("API: Healthy", page.Find("#api-health").TextContent.Trim()));
    }

    [Fact]
    public void Says_the_api_is_unreachable_rather_than_failing()
    {
        var api = new StubApi().On(HttpMethod.Get, "/health", HttpStatusCode.ServiceUnavailable, "Unhealthy");
        Services.AddSingleton(new WellWonApiClient(api.Client()));

        var page = Render<Home>();

        page.WaitForAssertion(() => Assert.Contains("Unhealthy", page.Find("#api-health").TextContent, StringComparison.Ordinal));
    }
}
