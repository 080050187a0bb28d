using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace WellWon.Api.Tests;

public sealed class IdempotencyOverHttpTests(PipelineApiFactory api) : IClassFixture<PipelineApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpRequestMessage Post(object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/test/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task A_retry_with_the_same_key_returns_the_first_result_and_runs_the_handler_once()
    {
        using var client = api.CreateClient();
        var orderId = Guid.NewGuid();
        var order = new { orderId, amount = 1250.75m, currency = "USD" };
        var key = Guid.NewGuid().ToString();

        using var first = await client.SendAsync(Post(order, key), Ct);
        using var retry = await client.SendAsync(Post(order, key), Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var firstBody = await first.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var retryBody = await retry.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(firstBody.GetProperty("confirmationId").GetGuid(), retryBody.GetProperty("confirmationId").GetGuid());
        Assert.Equal(1250.75m, retryBody.GetProperty("amount").GetDecimal());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(["true"], retry.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(1, api.Services.GetRequiredService<HandlerCalls>().Of($"order:{orderId}"));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_422()
    {
        using var client = api.CreateClient();
        var orderId = Guid.NewGuid();
        var key = Guid.NewGuid().ToString();
        using var first = await client.SendAsync(Post(new { orderId, amount = 10m, currency = "EUR" }, key), Ct);

        using var reused = await client.SendAsync(Post(new { orderId, amount = 99m, currency = "EUR" }, key), Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        var problem = await reused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("idempotency.key-reused", problem.GetProperty("code").GetString());
        Assert.Equal(1, api.Services.GetRequiredService<HandlerCalls>().Of($"order:{orderId}"));
    }

    [Fact]
    public async Task Without_a_key_each_request_runs()
    {
        using var client = api.CreateClient();
        var orderId = Guid.NewGuid();
        var order = new { orderId, amount = 1m, currency = "EUR" };

        await client.PostAsJsonAsync("/test/orders", order, Ct);
        await client.PostAsJsonAsync("/test/orders", order, Ct);

        Assert.Equal(2, api.Services.GetRequiredService<HandlerCalls>().Of($"order:{orderId}"));
    }
}
