namespace WellWon.Web;

/// <summary>The Web UI's typed client for WellWon.Api.</summary>
public sealed class WellWonApiClient(HttpClient http)
{
    /// <summary>The Api's readiness as its /health endpoint reports it ("Healthy", "Degraded", "Unhealthy"), or why it could not be asked.</summary>
    public async Task<ApiHealth> GetHealthAsync(CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return new ApiHealth(response.IsSuccessStatusCode, body.Trim());
        }
        catch (HttpRequestException ex)
        {
            return new ApiHealth(false, ex.Message);
        }
    }
}

public sealed record ApiHealth(bool IsHealthy, string Status);
