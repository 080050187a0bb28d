using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WellWon.Customs.Tests.Gateway;

/// <summary>
/// A small Kestrel app on a free local port answering <c>GET /v1/declarations/{id}/status</c> as the customs gateway does: the JSON
/// set for the declaration (404 when none), after as many failures (<see cref="FailNext"/>) as asked for; a wrong key is 401.
/// </summary>
internal sealed class FakeCustomsGateway : IAsyncDisposable
{
    public const string Key = "gateway-test-key";

    private readonly WebApplication _app;

    private FakeCustomsGateway(WebApplication app) => _app = app;

    public ConcurrentDictionary<Guid, string> Answers { get; } = new();

    /// <summary>Statuses answered, in order, before any status (503, 500…).</summary>
    public ConcurrentQueue<int> FailNext { get; } = new();

    public ConcurrentQueue<Guid> Requests { get; } = new();

    public string BaseUrl => _app.Urls.First() + "/gateway/";

    public static async Task<FakeCustomsGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new FakeCustomsGateway(app);
        app.MapGet("/gateway/v1/declarations/{id:guid}/status", (Guid id, HttpContext http) => gateway.Answer(id, http));
        await app.StartAsync();
        return gateway;
    }

    public static string Status(Guid id, string status, string eventId, DateTimeOffset at, string? number = null, DateTimeOffset? releasedAt = null, string? reason = null) =>
        System.Text.Json.JsonSerializer.Serialize(new { declarationId = id, status, registrationNumber = number, releasedAt, reason, eventId, at });

    private IResult Answer(Guid id, HttpContext http)
    {
        Requests.Enqueue(id);
        if (http.Request.Headers.Authorization.ToString() != $"Bearer {Key}")
        {
            return Results.StatusCode(401);
        }

        if (FailNext.TryDequeue(out var status))
        {
            return Results.StatusCode(status);
        }

        return Answers.TryGetValue(id, out var json) ? Results.Text(json, "application/json") : Results.NotFound();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
