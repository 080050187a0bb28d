using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WellWon.Logistics.Tests.Tracking;

/// <summary>
/// A carrier speaking the tracking API v1 on a loopback port (a real Kestrel server): subscriptions, a list of events per reference
/// with the index as cursor, the bearer key, and failures on demand (the next answers 429 with Retry-After or 503, a malformed
/// page, forgetting every subscription as after a restart).
/// </summary>
public sealed class FakeCarrier : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, List<object>> _events = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonElement> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Status, int? RetryAfter)> _failures = new();
    private readonly ConcurrentQueue<string> _calls = new();
    private WebApplication? _app;

    private FakeCarrier(Uri baseUrl) => BaseUrl = baseUrl;

    public const string Key = "fake-carrier-key";

    public Uri BaseUrl { get; }

    public bool Malformed { get; set; }

    public IReadOnlyList<string> Calls => [.. _calls];

    public IReadOnlyDictionary<string, JsonElement> Subscriptions => _subscriptions;

    public static async Task<FakeCarrier> StartAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var fake = new FakeCarrier(new Uri($"http://127.0.0.1:{port}/"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(fake.BaseUrl.ToString());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake._app = app;
        return fake;
    }

    public void Add(string reference, params object[] events) => _events.GetOrAdd(reference, _ => []).AddRange(events);

    public void FailNext(int status, int times = 1, int? retryAfter = null)
    {
        for (var i = 0; i < times; i++)
        {
            _failures.Enqueue((status, retryAfter));
        }
    }

    /// <summary>As after a restart: no subscription is known any more (events stay, their ids deterministic).</summary>
    public void Forget() => _subscriptions.Clear();

    public static object Event(string id, string type, DateTimeOffset at, Guid? leg = null, string? location = null, DateTimeOffset? eta = null, string? reason = null) =>
        new { eventId = id, type, classifier = type == "eta" ? "EST" : "ACT", occurredAt = at, location, legId = leg, vessel = (string?)null, voyage = (string?)null, estimatedArrival = eta, reason };

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        _calls.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        if (request.Headers.Authorization.ToString() != $"Bearer {Key}")
        {
            http.Response.StatusCode = 401;
            return;
        }

        if (_failures.TryDequeue(out var failure))
        {
            http.Response.StatusCode = failure.Status;
            if (failure.RetryAfter is { } seconds)
            {
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return;
        }

        var path = request.Path.Value ?? string.Empty;
        if (path.StartsWith("/v1/subscriptions/", StringComparison.Ordinal))
        {
            var reference = Uri.UnescapeDataString(path["/v1/subscriptions/".Length..]);
            if (HttpMethods.IsDelete(request.Method))
            {
                http.Response.StatusCode = _subscriptions.TryRemove(reference, out _) ? 204 : 404;
                return;
            }

            _subscriptions[reference] = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            await http.Response.WriteAsJsonAsync(new { reference, status = "active" });
            return;
        }

        if (path == "/v1/events")
        {
            var reference = request.Query["reference"].ToString();
            if (!_subscriptions.ContainsKey(reference))
            {
                http.Response.StatusCode = 404;
                return;
            }

            if (Malformed)
            {
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("""{"events":[{"type":"departed","occurredAt":"2026-11-20T00:00:00Z"}],"next":"1"}""");
                return;
            }

            var all = _events.GetOrAdd(reference, _ => []);
            var after = int.TryParse(request.Query["after"], CultureInfo.InvariantCulture, out var a) ? a : 0;
            var limit = int.TryParse(request.Query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 100;
            var page = all.Skip(after).Take(limit).ToList();
            await http.Response.WriteAsJsonAsync(new { events = page, next = (after + page.Count).ToString(CultureInfo.InvariantCulture) });
            return;
        }

        http.Response.StatusCode = 404;
    }
}
