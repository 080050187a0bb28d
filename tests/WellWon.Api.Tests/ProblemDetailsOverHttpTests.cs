using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace WellWon.Api.Tests;

public sealed class ProblemDetailsOverHttpTests(PipelineApiFactory api) : IClassFixture<PipelineApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", problem.GetProperty("traceId").GetString());
        return problem;
    }

    [Fact]
    public async Task An_invalid_command_is_a_400_naming_each_field_and_rule()
    {
        using var client = api.CreateClient();

        var response = await client.PostAsJsonAsync("/test/customers", new { email = "not-an-email", name = "" }, Ct);

        var problem = await Problem(response, HttpStatusCode.BadRequest);
        Assert.Equal("validation.failed", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Contains("Email", errors.GetProperty("email")[0].GetString(), StringComparison.Ordinal);
        Assert.Single(errors.GetProperty("name").EnumerateArray());
        var codes = problem.GetProperty("codes");
        Assert.Equal("Email", codes.GetProperty("email")[0].GetString());
        Assert.Equal("customer.name-required", codes.GetProperty("name")[0].GetString());
    }

    [Fact]
    public async Task A_valid_command_goes_through()
    {
        using var client = api.CreateClient();

        var response = await client.PostAsJsonAsync("/test/customers", new { email = "ada@example.com", name = "Ada" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(Guid.Empty, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("customerId").GetGuid());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_problem()
    {
        using var client = api.CreateClient();
        using var body = new StringContent("{ \"email\": \"ada@example.com\", ", Encoding.UTF8, "application/json");

        var problem = await Problem(await client.PostAsync("/test/customers", body, Ct), HttpStatusCode.BadRequest);

        Assert.Equal("request.malformed", problem.GetProperty("code").GetString());
        Assert.StartsWith("The request body is not valid JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_a_400_problem_that_says_where()
    {
        using var client = api.CreateClient();
        using var body = new StringContent("""{ "orderId": "not-a-guid", "amount": 1, "currency": "EUR" }""", Encoding.UTF8, "application/json");

        var problem = await Problem(await client.PostAsync("/test/orders", body, Ct), HttpStatusCode.BadRequest);

        Assert.Equal("request.malformed", problem.GetProperty("code").GetString());
        Assert.Contains("$.orderId", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_business_rule_is_a_422_with_its_code()
    {
        using var client = api.CreateClient();

        var problem = await Problem(await client.PostAsync($"/test/shipments/{Guid.NewGuid()}/deliver", null, Ct), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("shipment.delivered", problem.GetProperty("code").GetString());
        Assert.Equal("A delivered shipment cannot be delivered again.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Not_found_is_a_404_with_its_code()
    {
        using var client = api.CreateClient();

        var problem = await Problem(await client.GetAsync($"/test/shipments/{Guid.NewGuid()}", Ct), HttpStatusCode.NotFound);

        Assert.Equal("shipment.not-found", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_lost_race_is_a_409()
    {
        using var client = api.CreateClient();

        var problem = await Problem(await client.PutAsync($"/test/shipments/{Guid.NewGuid()}/name?name=x", null, Ct), HttpStatusCode.Conflict);

        Assert.Equal("concurrency.conflict", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_unreachable_database_is_a_503_with_retry_after()
    {
        using var client = api.CreateClient();

        var response = await client.GetAsync("/test/invoices/count", Ct);

        var problem = await Problem(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("service.unavailable", problem.GetProperty("code").GetString());
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Anonymous_is_401_and_the_wrong_role_is_403()
    {
        using var client = api.CreateClient();

        var anonymous = await Problem(await client.GetAsync("/test/me", Ct), HttpStatusCode.Unauthorized);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/test/companies/{Guid.NewGuid()}/approve");
        request.Headers.Add(TestAuthentication.Header, $"{Guid.NewGuid()};investor");
        var forbidden = await Problem(await client.SendAsync(request, Ct), HttpStatusCode.Forbidden);

        Assert.Equal("auth.unauthenticated", anonymous.GetProperty("code").GetString());
        Assert.Equal("auth.forbidden", forbidden.GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_signed_in_user_is_read_from_the_claims()
    {
        using var client = api.CreateClient();
        var userId = Guid.NewGuid();
        client.DefaultRequestHeaders.Add(TestAuthentication.Header, $"{userId};ww_admin");

        var profile = await client.GetFromJsonAsync<JsonElement>("/test/me", Ct);
        var approve = await client.PostAsync($"/test/companies/{Guid.NewGuid()}/approve", null, Ct);

        Assert.Equal(userId, profile.GetProperty("userId").GetGuid());
        Assert.Equal("ww_admin", profile.GetProperty("userType").GetString());
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem_too()
    {
        using var client = api.CreateClient();

        await Problem(await client.GetAsync("/test/nowhere", Ct), HttpStatusCode.NotFound);
    }
}
