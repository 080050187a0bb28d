using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WellWon.AppHost.Tests;

/// <summary>
/// A Kestrel app on a free loopback port answering <c>GET /gateway/v1/declarations/{id}/status</c> as the customs gateway does:
/// the status the test set for the declaration (404 while none is), and 401 to a request without the bearer <see cref="Key"/>.
/// </summary>
internal sealed class FakeCustomsGateway : IAsyncDisposable
{
    public const string Key = "customs-gateway-test-key";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<Guid, string> _answers = new();

    private FakeCustomsGateway(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First() + "/gateway/";

    /// <summary>Requests that came with the right key.</summary>
    public int Asked => _asked;

    private int _asked;

    public static async Task<FakeCustomsGateway> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new FakeCustomsGateway(app);
        app.MapGet("/gateway/v1/declarations/{id:guid}/status", (Guid id, HttpContext http) => gateway.Answer(id, http));
        await app.StartAsync(ct);
        return gateway;
    }

    /// <summary>From now on the gateway reports <paramref name="status"/> for the declaration, as one event of its own.</summary>
    public void Report(Guid declarationId, string status, DateTimeOffset at, string? registrationNumber = null, DateTimeOffset? releasedAt = null) =>
        _answers[declarationId] = JsonSerializer.Serialize(new
        {
            declarationId, status, registrationNumber, releasedAt, reason = (string?)null, eventId = $"{status}-{declarationId:N}", at,
        });

    private IResult Answer(Guid id, HttpContext http)
    {
        if (http.Request.Headers.Authorization.ToString() != $"Bearer {Key}")
        {
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        Interlocked.Increment(ref _asked);
        return _answers.TryGetValue(id, out var json) ? Results.Text(json, "application/json") : Results.NotFound();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
