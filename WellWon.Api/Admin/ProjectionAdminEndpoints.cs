using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WellWon.Platform.Projections;

namespace WellWon.Api.Admin;

/// <summary>A projection for operators: where it stands, how far behind it is, and its last or current rebuild.</summary>
public sealed record ProjectionView(
    string Name,
    bool? Sync,
    bool Rebuildable,
    string Status,
    long? LastPosition,
    long? Lag,
    DateTimeOffset? UpdatedAt,
    RebuildView? Rebuild);

/// <param name="Done">Events of the log replayed.</param>
/// <param name="Total">Events in the log (grows with it while the rebuild runs).</param>
/// <param name="Rate">Events replayed per second.</param>
/// <param name="EtaSeconds">Time left at that rate, while running.</param>
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

/// <summary>
/// <c>GET /api/admin/projections</c> and <c>POST /api/admin/projections/{name}/rebuild</c>. A rebuild request is a row in
/// <c>platform.projection_state</c>; the event processor claims and runs it, so it outlives this request and an Api restart.
/// </summary>
public static class ProjectionAdminEndpoints
{
    public static RouteGroupBuilder MapProjectionAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/projections", ListAsync).WithName("ListProjections");
        admin.MapPost("/projections/{name}/rebuild", RebuildAsync).WithName("RebuildProjection");
        return admin;
    }

    private static async Task<Ok<IReadOnlyList<ProjectionView>>> ListAsync(ProjectionStateStore store, ProjectionRegistry registry, CancellationToken ct)
    {
        var states = await store.ListAsync(ct);
        var known = states.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var views = states.Select(s => View(s, registry.Find(s.Name)))
            // Projections of this process that no event processor has registered yet.
            .Concat(registry.All.Where(p => !known.Contains(p.Name)).Select(p =>
                new ProjectionView(p.Name, ProjectionRegistry.IsSync(p), p is IRebuildableProjection, "unregistered", null, null, null, null)))
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok<IReadOnlyList<ProjectionView>>(views);
    }

    private static async Task<Results<Accepted<RebuildAccepted>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> RebuildAsync(
        string name, ProjectionStateStore store, ProjectionRegistry registry, CancellationToken ct)
    {
        var outcome = await store.RequestRebuildAsync(name, ct);
        if (outcome == RebuildRequestOutcome.NotFound && registry.Find(name) is { } projection)
        {
            // No event processor has registered it yet; this process knows it, so register it here.
            await store.RegisterAsync([projection], ct);
            outcome = await store.RequestRebuildAsync(name, ct);
        }

        return outcome switch
        {
            RebuildRequestOutcome.Requested => TypedResults.Accepted("/api/admin/projections", new RebuildAccepted(name, ProjectionStatus.RebuildRequested)),
            RebuildRequestOutcome.NotFound => TypedResults.NotFound(Problem(404, "projection.not-found", $"There is no projection '{name}'.")),
            RebuildRequestOutcome.NotRebuildable => TypedResults.Conflict(Problem(409, "projection.not-rebuildable",
                $"Projection '{name}' cannot be rebuilt: it does not implement IRebuildableProjection.")),
            _ => TypedResults.Conflict(Problem(409, "projection.rebuild-running", $"A rebuild of '{name}' is already queued or running.")),
        };
    }

    private static ProjectionView View(ProjectionState state, IProjection? local) =>
        new(
            state.Name,
            local is null ? null : ProjectionRegistry.IsSync(local),
            state.Rebuildable,
            state.Status,
            state.Position,
            state.Lag,
            state.UpdatedAt,
            state.Rebuild is { } r
                ? new RebuildView(r.Done, r.Total, Math.Round(r.Fraction * 100, 1), r.Rate, r.Eta?.TotalSeconds, r.RequestedAt, r.StartedAt, r.FinishedAt, r.Error)
                : null);

    private static ProblemDetails Problem(int status, string code, string detail) =>
        new() { Status = status, Title = status == 404 ? "Not found" : "Conflict", Detail = detail, Extensions = { ["code"] = code } };
}
