using System.Net;
using System.Text.Json;

namespace WellWon.Web.Api;

/// <summary>
/// What WellWon.Api answered instead of success, read from its RFC 9457 problem details: the stable <see cref="Code"/>,
/// a sentence for the user, and the messages per field (camelCase paths such as <c>containers[0].number</c>).
/// </summary>
public sealed record ApiProblem(
    HttpStatusCode Status,
    string Code,
    string Title,
    string? Detail,
    IReadOnlyDictionary<string, string[]> Errors,
    IReadOnlyList<ExportCheck>? Checks = null,
    string? Field = null,
    string? Account = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The message to show a user: the detail when there is one, otherwise what the status means for them.</summary>
    public string Message => !string.IsNullOrWhiteSpace(Detail) ? Detail! : Status switch
    {
        HttpStatusCode.BadRequest => "Some fields need attention.",
        HttpStatusCode.Unauthorized => "Your session has ended. Please sign in again.",
        HttpStatusCode.Forbidden => "You do not have permission to do this.",
        HttpStatusCode.NotFound => "It does not exist or you do not have access to it.",
        HttpStatusCode.Conflict => "Someone changed this at the same time. Reload and try again.",
        HttpStatusCode.ServiceUnavailable => "WellWon is temporarily unavailable. Try again in a moment.",
        _ => Title,
    };

    /// <summary>The first message for a field, matched case-insensitively, or null: what a form shows under that input.</summary>
    public string? ErrorFor(string field) =>
        Errors.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    /// <summary>An answer for when the Api could not be reached at all.</summary>
    public static ApiProblem Unreachable(string reason) => new(
        HttpStatusCode.ServiceUnavailable, "web.api-unreachable", "WellWon.Api could not be reached",
        $"WellWon could not reach its server ({reason}). Check your connection and try again.", Empty);

    public static async Task<ApiProblem> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        Body? body = null;
        try
        {
            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                body = await response.Content.ReadFromJsonAsync<Body>(Json, ct);
            }
        }
        catch (JsonException)
        {
            // A proxy's HTML error page or a truncated body: the status alone still says what happened.
        }

        return new ApiProblem(
            response.StatusCode,
            body?.Code ?? $"http.{(int)response.StatusCode}",
            body?.Title ?? response.ReasonPhrase ?? response.StatusCode.ToString(),
            body?.Detail,
            body?.Errors ?? Empty,
            body?.Checks,
            body?.Field,
            body?.Account);
    }

    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();

    // Checks: the failures a refused export lists, each naming its field. Field and Account: the line and account a ledger rule names.
    private sealed record Body(string? Title, string? Detail, string? Code, Dictionary<string, string[]>? Errors, List<ExportCheck>? Checks, string? Field, string? Account);
}
