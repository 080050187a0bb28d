using System.Net;
using System.Text;
using WellWon.Web.Api;

namespace WellWon.Web.Tests;

public sealed class ApiProblemTests
{
    [Fact]
    public async Task Reads_field_errors_and_the_code_from_problem_details()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent(
                """{"title":"One or more validation errors occurred.","status":400,"code":"validation.failed","errors":{"email":["'email' must be a valid e-mail address."]}}""",
                Encoding.UTF8, "application/problem+json"),
        };

        var problem = await ApiProblem.ReadAsync(response, Xunit.TestContext.Current.CancellationToken);

        Assert.Equal("validation.failed", problem.Code);
        Assert.Equal("'email' must be a valid e-mail address.", problem.ErrorFor("Email"));
        Assert.Null(problem.ErrorFor("password"));
        Assert.Equal("Some fields need attention.", problem.Message);
    }

    [Fact]
    public async Task A_non_json_error_page_still_gives_a_message_for_the_user()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>bad gateway</html>", Encoding.UTF8, "text/html") };

        var problem = await ApiProblem.ReadAsync(response, Xunit.TestContext.Current.CancellationToken);

        Assert.Equal("http.502", problem.Code);
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
    }

    [Fact]
    public async Task A_refused_connection_becomes_a_problem_not_an_exception()
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:1") };

        var result = await http.GetAsync<string>("/health", Xunit.TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, result.Problem.Status);
        Assert.Equal("web.api-unreachable", result.Problem.Code);
    }
}
