using WellWon.E2E.Tests.Infrastructure;

namespace WellWon.E2E.Tests;

public sealed class WebHealthTests(WellWonApp app)
{
    [Fact]
    public async Task Web_answers_health()
    {
        using var http = new HttpClient { BaseAddress = app.Web };

        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccessStatusCode, $"GET {app.Web}health answered {(int)response.StatusCode}");
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
