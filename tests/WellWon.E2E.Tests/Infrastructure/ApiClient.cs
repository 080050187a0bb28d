using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace WellWon.E2E.Tests.Infrastructure;

/// <summary>
/// Another client of WellWon.Api than the browser (a script, a carrier feed's relay): signs in with the person's credentials and
/// calls the Api with their bearer token.
/// </summary>
public sealed class ApiClient(HttpClient http) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ApiClient> SignInAsync(Uri api, string email, string password, CancellationToken ct)
    {
        var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        using var login = await http.PostAsJsonAsync("/api/auth/login", new { email, password }, Json, ct);
        login.EnsureSuccessStatusCode();
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        return new ApiClient(http);
    }

    /// <summary>POSTs <paramref name="body"/> and returns the answer's JSON; a failure throws with the Api's problem in the message.</summary>
    public async Task<JsonElement> PostAsync(string path, object body, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(path, body, Json, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text, Json);
    }

    public void Dispose() => http.Dispose();
}
