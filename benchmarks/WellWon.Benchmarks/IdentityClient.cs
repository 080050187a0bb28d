using System.Net.Http.Json;

namespace WellWon.Benchmarks;

/// <summary>A user the benchmark signed up through the API: its id and a bearer access token.</summary>
public sealed record SignedInUser(Guid Id, string AccessToken);

/// <summary>Identity's public contract as a client speaks it: <c>POST /api/auth/register</c>, then <c>POST /api/auth/login</c>.</summary>
public static class IdentityClient
{
    public static async Task<SignedInUser[]> SignUpAsync(HttpClient http, int users, CancellationToken ct)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        return await Task.WhenAll(Enumerable.Range(0, users).Select(async i =>
        {
            var email = $"bench-{run}-{i}@example.com";
            var password = $"bench-password-{run}-{i}";
            Guid id;
            using (var registered = await http.PostAsJsonAsync("/api/auth/register", new { email, password, firstName = "Bench", lastName = $"User {i}" }, ct))
            {
                await EnsureAsync(registered, "register", ct);
                id = (await registered.Content.ReadFromJsonAsync<Registered>(ct))?.Id ?? throw new InvalidOperationException("register returned no id");
            }

            using var login = await http.PostAsJsonAsync("/api/auth/login", new { email, password }, ct);
            await EnsureAsync(login, "login", ct);
            var tokens = await login.Content.ReadFromJsonAsync<Tokens>(ct);
            return new SignedInUser(id, tokens?.AccessToken ?? throw new InvalidOperationException("login returned no access token"));
        }));
    }

    public static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"{what}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
        }
    }

    private sealed record Registered(Guid Id);

    private sealed record Tokens(string AccessToken);
}
