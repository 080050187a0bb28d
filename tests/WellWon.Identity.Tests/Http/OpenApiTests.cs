using System.Net.Http.Json;
using System.Text.Json;

namespace WellWon.Identity.Tests.Http;

/// <summary>The OpenAPI document lists every answer of Identity's endpoints, problems included.</summary>
public sealed class OpenApiTests(IdentityApiFactory api) : IClassFixture<IdentityApiFactory>
{
    [Theory]
    [InlineData("/api/auth/register", "post", "201 400 409 422 429")]
    [InlineData("/api/auth/login", "post", "200 400 401 429")]
    [InlineData("/api/auth/refresh", "post", "200 400 401 429")]
    [InlineData("/api/auth/me", "get", "200 401 404 429")]
    [InlineData("/api/auth/profile", "patch", "204 400 401 422 429")]
    [InlineData("/api/auth/forgot-password", "post", "202 400 429")]
    [InlineData("/api/auth/account", "delete", "204 400 401 422 429")]
    [InlineData("/api/users/{id}", "get", "200 401 403 404")]
    [InlineData("/api/users", "get", "200 400 401 403")]
    [InlineData("/api/users/{id}/role", "put", "204 400 401 403 404 422")]
    public async Task Every_answer_is_documented(string path, string method, string statuses)
    {
        using var client = api.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        var documented = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
        Assert.Superset(statuses.Split(' ').ToHashSet(), documented);
        foreach (var status in statuses.Split(' ').Where(s => s[0] is '4'))
        {
            var content = operation.GetProperty("responses").GetProperty(status).GetProperty("content");
            Assert.True(content.TryGetProperty("application/problem+json", out _), $"{method} {path} {status} is not documented as a problem");
        }
    }
}
