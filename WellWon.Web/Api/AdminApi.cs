using System.Globalization;
using System.Text.Json;

namespace WellWon.Web.Api;

/// <summary>WellWon.Api's operator endpoints: users (<c>/api/users</c>), projections, dead letters and sagas (<c>/api/admin</c>).</summary>
public sealed class AdminApi(HttpClient http)
{
    /// <summary>The user types an administrator may give (Identity's UserTypes).</summary>
    public static readonly IReadOnlyList<string> UserTypes = ["ww_admin", "ww_manager", "entrepreneur", "investor"];

    /// <summary>The dead-letter topics: one per bounded context that publishes events.</summary>
    public static readonly IReadOnlyList<string> Topics = ["chat", "companies", "identity"];

    public Task<ApiResult<UserPage>> SearchUsersAsync(string? search, int page, int pageSize, CancellationToken ct) =>
        http.GetAsync<UserPage>(
            $"/api/users?search={Uri.EscapeDataString(search ?? string.Empty)}&page={page.ToString(CultureInfo.InvariantCulture)}&pageSize={pageSize.ToString(CultureInfo.InvariantCulture)}", ct);

    public Task<ApiResult<NoContent>> ChangeRoleAsync(Guid userId, string userType, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Put, $"/api/users/{userId}/role", new ChangeUserRoleRequest(userType), ct);

    public Task<ApiResult<IReadOnlyList<ProjectionView>>> ProjectionsAsync(CancellationToken ct) =>
        http.GetAsync<IReadOnlyList<ProjectionView>>("/api/admin/projections", ct);

    public Task<ApiResult<RebuildAccepted>> RebuildAsync(string projection, CancellationToken ct) =>
        http.SendJsonAsync<RebuildAccepted>(HttpMethod.Post, $"/api/admin/projections/{Uri.EscapeDataString(projection)}/rebuild", null, ct);

    public Task<ApiResult<DeadLetterPage>> DeadLettersAsync(string topic, string? page, CancellationToken ct) =>
        http.GetAsync<DeadLetterPage>(page is null
            ? $"/api/admin/dead-letters?topic={Uri.EscapeDataString(topic)}"
            : $"/api/admin/dead-letters?topic={Uri.EscapeDataString(topic)}&page={Uri.EscapeDataString(page)}", ct);

    public Task<ApiResult<NoContent>> ReplayAsync(string topic, string id, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Post, $"/api/admin/dead-letters/{Uri.EscapeDataString(topic)}/{Uri.EscapeDataString(id)}/replay", null, ct);

    public Task<ApiResult<SagaPage>> FailedSagasAsync(string? after, CancellationToken ct) =>
        http.GetAsync<SagaPage>(after is null ? "/api/admin/sagas?status=failed" : $"/api/admin/sagas?status=failed&after={Uri.EscapeDataString(after)}", ct);

    public Task<ApiResult<NoContent>> RetrySagaAsync(string type, Guid id, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Post, $"/api/admin/sagas/{Uri.EscapeDataString(type)}/{id}/retry", null, ct);
}

// UserProfile (the Api's user view) is shared with the profile screen: see AccountApi.cs.
public sealed record UserPage(IReadOnlyList<UserProfile> Items, int Page, int PageSize, long Total);

public sealed record ChangeUserRoleRequest(string UserType);

public sealed record ProjectionView(
    string Name,
    bool? Sync,
    bool Rebuildable,
    string Status,
    long? LastPosition,
    long? Lag,
    DateTimeOffset? UpdatedAt,
    RebuildView? Rebuild)
{
    /// <summary>A rebuild is queued or running: the screen polls until it is not.</summary>
    public bool IsRebuilding => Status is "rebuild-requested" or "rebuilding";
}

public sealed record RebuildView(
    long Done,
    long Total,
    double Percent,
    double? Rate,
    double? EtaSeconds,
    DateTimeOffset? RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error);

public sealed record RebuildAccepted(string Projection, string Status);

/// <summary>A dead letter; the error's stack trace is not read: operators see the type and message, logs keep the rest.</summary>
public sealed record DeadLetterView(
    string Id,
    string Topic,
    string Group,
    string Consumer,
    int Attempts,
    DateTimeOffset FailedAt,
    DeadLetterError Error,
    DeadLetterMessageView? Message);

public sealed record DeadLetterError(string Type, string Message);

public sealed record DeadLetterMessageView(string Key, Guid MessageId, string Type, long GlobalPosition, long StreamVersion);

public sealed record DeadLetterPage(string Topic, IReadOnlyList<DeadLetterView> Items, string? NextPage);

public sealed record SagaView(
    string Type,
    Guid Id,
    string Status,
    long Version,
    int Attempts,
    string? LastError,
    DateTimeOffset? NextTimeoutAt,
    bool Overdue,
    string? StepEventType,
    JsonElement State,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record SagaPage(IReadOnlyList<SagaView> Items, string? Next);
