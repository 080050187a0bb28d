using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace WellWon.AppHost.Tests;

/// <summary>What an Api answered: its body as text and as bytes, and its media type.</summary>
internal sealed record Answer(string Text, string? MediaType, byte[] Bytes);

/// <summary>A signed-in user of the running Api, as a browser would be: a bearer token and, when asked, a hub connection.</summary>
internal sealed class User(HttpClient http, Uri apiBase, string email, string accessToken)
{
    public static async Task<User> SignUpAsync(Uri apiBase, string firstName, CancellationToken ct)
    {
        var email = $"{firstName.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        const string password = "a strong password 123";
        var http = new HttpClient { BaseAddress = apiBase };
        using (var registered = await http.PostAsJsonAsync("/api/auth/register", new { email, password, firstName, lastName = "Importer" }, ct))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        using var login = await http.PostAsJsonAsync("/api/auth/login", new { email, password }, ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var accessToken = (await login.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return new User(http, apiBase, email, accessToken);
    }

    public async Task<JsonElement> PostAsync(string path, object body, HttpStatusCode expected, CancellationToken ct)
    {
        var answer = await SendAsync(HttpMethod.Post, path, body, expected, ct);
        return answer.Text.Length == 0 ? default : JsonDocument.Parse(answer.Text).RootElement.Clone();
    }

    public async Task<JsonElement> GetAsync(string path, CancellationToken ct) =>
        JsonDocument.Parse((await SendAsync(HttpMethod.Get, path, null, HttpStatusCode.OK, ct)).Text).RootElement.Clone();

    public Task<Answer> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected, CancellationToken ct) =>
        SendContentAsync(method, path, body is null ? null : JsonContent.Create(body), expected, ct);

    /// <summary>Sends <paramref name="content"/> as it is (a multipart upload, say) and checks the answer's status.</summary>
    public async Task<Answer> SendContentAsync(HttpMethod method, string path, HttpContent? content, HttpStatusCode expected, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        using var response = await http.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.True(response.StatusCode == expected, $"{method} {path} as {email}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return new Answer(text, response.Content.Headers.ContentType?.MediaType, bytes);
    }

    public async Task<Hub> ConnectAsync(CancellationToken ct)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(apiBase, "/hubs/wellwon"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken))
            .Build();
        var hub = new Hub(connection);
        connection.On<JsonElement>("changed", hub.Add);
        await connection.StartAsync(ct);
        return hub;
    }
}

/// <summary>A hub connection that keeps every <c>changed</c> it was sent.</summary>
internal sealed class Hub(HubConnection connection) : IAsyncDisposable
{
    private readonly List<JsonElement> _changes = [];
    private readonly Lock _gate = new();

    public HubConnection Connection { get; } = connection;

    public void Add(JsonElement change)
    {
        lock (_gate)
        {
            _changes.Add(change.Clone());
        }
    }

    public async Task WaitForAsync(Func<IReadOnlyList<JsonElement>, bool> complete, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            List<JsonElement> seen;
            lock (_gate)
            {
                seen = [.. _changes];
            }

            if (complete(seen))
            {
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"The hub did not bring the expected changes; it brought: {string.Join(", ", seen)}");
            await Task.Delay(250, ct);
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
