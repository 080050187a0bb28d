using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace WellWon.Logistics.Tests.Hosts;

/// <summary>Reading answers: problem details and their codes, bodies as JSON.</summary>
public static class Answers
{
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        if (code is not null)
        {
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }

        return problem;
    }

    /// <summary>A 400's rule codes by field: <c>{"cargo[0].netWeightKg": ["logistics.net-exceeds-gross"]}</c>.</summary>
    public static async Task<Dictionary<string, string[]>> InvalidAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed");
        return problem.GetProperty("codes").Deserialize<Dictionary<string, string[]>>()!;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url) =>
        await JsonAsync(await client.GetAsync(url, TestContext.Current.CancellationToken), HttpStatusCode.OK);

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, TestContext.Current.CancellationToken);
}
