using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace WellWon.Platform.Sagas;

/// <summary>A saga instance for operators. <see cref="Overdue"/>: a step is in flight past its deadline (its process died or hangs).</summary>
public sealed record SagaView(
    string Type,
    Guid Id,
    string Status,
    long Version,
    int Attempts,
    string? LastError,
    DateTimeOffset? NextTimeoutAt,
    bool Overdue,
    Guid? StepEventId,
    string? StepEventType,
    int HandledEvents,
    JsonElement State,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <param name="Next">Pass as <c>after</c> for the next page; null on the last one.</param>
public sealed record SagaPage(IReadOnlyList<SagaView> Items, string? Next);

/// <summary>
/// <c>GET /api/admin/sagas?status=failed&amp;type=&amp;after=&amp;limit=</c> and <c>POST /api/admin/sagas/{type}/{id}/retry</c>
/// (a failed saga back to running; then replay its dead letters), for WellWon administrators.
/// </summary>
public static class SagaAdminEndpoints
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 200;

    /// <summary>Maps the endpoints under <c>/api/admin/sagas</c>, open to <paramref name="adminPolicy"/> only.</summary>
    public static RouteGroupBuilder MapSagaAdmin(this IEndpointRouteBuilder app, string adminPolicy)
    {
        var sagas = app.MapGroup("/api/admin/sagas").RequireAuthorization(adminPolicy).WithTags("Admin");
        sagas.MapGet("/", ListAsync).WithName("ListSagas");
        sagas.MapPost("/{type}/{id:guid}/retry", RetryAsync).WithName("RetrySaga");
        return sagas;
    }

    private static async Task<Results<Ok<SagaPage>, ValidationProblem>> ListAsync(
        SagaStore store, TimeProvider clock, CancellationToken ct, string? status = null, string? type = null, string? after = null, int? limit = null)
    {
        if (status is not null && !SagaStatus.IsValid(status))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Use running, completed or failed."] });
        }

        SagaCursor? cursor = null;
        if (!string.IsNullOrEmpty(after) && !TryParseCursor(after, out cursor))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["after"] = ["Pass the 'next' value of the previous page."] });
        }

        var size = Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
        var found = await store.ListAsync(status, type, cursor, size, ct);
        var now = clock.GetUtcNow();
        var items = found.Select(s => new SagaView(
            s.Type, s.Id, s.Status, s.Version, s.Attempts, s.LastError, s.NextTimeoutAt,
            s.Status == SagaStatus.Running && s.NextTimeoutAt < now,
            s.StepEventId, s.StepEventType, s.HandledEventIds.Count, s.State, s.CreatedAt, s.UpdatedAt)).ToList();
        var next = found.Count == size ? FormatCursor(found[^1]) : null;
        return TypedResults.Ok(new SagaPage(items, next));
    }

    private static async Task<Results<NoContent, NotFound>> RetryAsync(string type, Guid id, SagaStore store, CancellationToken ct) =>
        await store.RetryAsync(type, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static string FormatCursor(SagaInstance s) =>
        $"{s.UpdatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{s.Type}|{s.Id:N}";

    private static bool TryParseCursor(string value, out SagaCursor? cursor)
    {
        cursor = null;
        var parts = value.Split('|');
        if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || !Guid.TryParseExact(parts[2], "N", out var id))
        {
            return false;
        }

        cursor = new SagaCursor(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1], id);
        return true;
    }
}
