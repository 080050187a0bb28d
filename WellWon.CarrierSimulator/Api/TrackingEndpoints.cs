using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using WellWon.CarrierSimulator.Timeline;

namespace WellWon.CarrierSimulator.Api;

/// <summary>The tracking API v1: subscribe a shipment, stop tracking it, read its events after a cursor.</summary>
public static class TrackingEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapTrackingEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("Tracking");
        v1.MapPut("/subscriptions/{reference}", SubscribeAsync);
        v1.MapDelete("/subscriptions/{reference}", Unsubscribe);
        v1.MapGet("/events", Events);
        return app;
    }

    private static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult, ValidationProblem>> SubscribeAsync(
        string reference, HttpRequest request, SubscriptionStore store, IOptions<JsonOptions> json, ILogger<SubscriptionStore> log,
        CancellationToken ct)
    {
        SubscriptionRequest? body;
        try
        {
            // Read here rather than bound, so a malformed body is answered with problem details like any other bad body.
            body = await JsonSerializer.DeserializeAsync<SubscriptionRequest>(request.Body, json.Value.SerializerOptions, ct);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not valid JSON.", detail: e.Message);
        }

        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "A subscription needs a body.");
        }

        var problems = body.Problems(reference);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems, title: "The subscription cannot be tracked.");
        }

        var before = store.Find(reference);
        var subscription = store.Subscribe(reference, body.Mode!, body.PlannedLegs(), body.ContainerNumbers());
        if (!ReferenceEquals(before, subscription))
        {
            var late = subscription.Timeline.LastOrDefault(e => e.Type == "eta");
            log.Subscribed(reference, subscription.Legs.Length, subscription.Timeline.Length,
                late is null ? "on time" : $"late: final ETA {late.EstimatedArrival:u}");
        }

        return TypedResults.Ok(new SubscriptionResponse(reference, "active"));
    }

    private static NoContent Unsubscribe(string reference, SubscriptionStore store, ILogger<SubscriptionStore> log)
    {
        // Stopping what is not tracked is already done.
        if (store.Unsubscribe(reference))
        {
            log.Unsubscribed(reference);
        }

        return TypedResults.NoContent();
    }

    private static Results<Ok<EventsPage>, ProblemHttpResult, ValidationProblem> Events(
        string? reference, string? after, string? limit, SubscriptionStore store, TimeProvider clock)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(reference))
        {
            problems["reference"] = ["Name the shipment reference."];
        }

        var position = 0;
        if (!string.IsNullOrEmpty(after) && (!int.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out position) || position < 0))
        {
            problems["after"] = ["Pass back the 'next' of an earlier page."];
        }

        var take = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
        {
            problems["limit"] = [$"A page has 1 to {MaxLimit} events."];
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        if (store.Find(reference!) is not { } subscription)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The shipment is not subscribed.",
                detail: $"Subscribe {reference} first (PUT /v1/subscriptions/{reference}).");
        }

        var happened = subscription.HappenedBy(clock.GetUtcNow());
        var page = new List<TrackingEvent>();
        for (var i = position; i < happened && page.Count < take; i++)
        {
            page.Add(TrackingEvent.From(subscription.Timeline[i], subscription.SubscribedAt));
        }

        return TypedResults.Ok(new EventsPage(page, (position + page.Count).ToString(CultureInfo.InvariantCulture)));
    }
}
