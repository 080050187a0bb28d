using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace WellWon.Web.Tests;

/// <summary>
/// Answers a component's calls to WellWon.Api with canned responses per method and path, and records what was sent:
/// component tests check what a screen shows for an answer, not the Api itself (its own tests do that).
/// </summary>
public sealed class StubApi : HttpMessageHandler
{
    // Concurrent: screens that poll call in from the renderer while a test changes the answers.
    private readonly ConcurrentDictionary<string, Func<HttpRequestMessage, HttpResponseMessage>> _routes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public List<(HttpMethod Method, string Path, string? Body)> Requests { get; } = [];

    /// <summary>The Authorization header of each request, in the order of <see cref="Requests"/> (null when none was sent).</summary>
    public List<string?> Authorizations { get; } = [];

    public StubApi On(HttpMethod method, string path, HttpStatusCode status, string? json = null) =>
        On(method, path, _ => new HttpResponseMessage(status)
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8,
                (int)status >= 400 ? "application/problem+json" : "application/json"),
        });

    /// <summary>Answers with whatever <paramref name="answer"/> makes of the request (it may count calls or wait).</summary>
    public StubApi On(HttpMethod method, string path, Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        _routes[$"{method} {path}"] = answer;
        return this;
    }

    public HttpClient Client() => new(this) { BaseAddress = new Uri("http://api.test") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.PathAndQuery;
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_gate)
        {
            Requests.Add((request.Method, path, body));
            Authorizations.Add(request.Headers.Authorization?.ToString());
        }

        return _routes.TryGetValue($"{request.Method} {path}", out var answer)
            ? answer(request)
            : new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("{\"title\":\"Not found\",\"code\":\"stub.unmapped\"}", Encoding.UTF8, "application/problem+json") };
    }
}
