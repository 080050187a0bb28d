using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WellWon.Platform.Messaging;

namespace WellWon.Api.Admin;

public sealed record DeadLetterView(
    string Id,
    string Topic,
    string Group,
    string Consumer,
    int Attempts,
    DateTimeOffset FailedAt,
    DeadLetterError Error,
    DeadLetterMessageView? Message,
    IReadOnlyDictionary<string, string>? RawFields);

/// <param name="Payload">The event's data as JSON; null when it is not JSON (see the dead letter's raw fields).</param>
public sealed record DeadLetterMessageView(
    string Key,
    Guid MessageId,
    string Type,
    long GlobalPosition,
    long StreamVersion,
    IReadOnlyDictionary<string, string> Headers,
    JsonElement? Payload);

/// <param name="NextPage">Pass as <c>page</c> for the next page; null on the last one.</param>
public sealed record DeadLetterPageView(string Topic, IReadOnlyList<DeadLetterView> Items, string? NextPage);

/// <summary><c>GET /api/admin/dead-letters?topic=&amp;page=</c> and <c>POST /api/admin/dead-letters/{topic}/{id}/replay</c>.</summary>
public static partial class DeadLetterAdminEndpoints
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public static RouteGroupBuilder MapDeadLetterAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/dead-letters", ListAsync).WithName("ListDeadLetters");
        admin.MapPost("/dead-letters/{topic}/{id}/replay", ReplayAsync).WithName("ReplayDeadLetter");
        return admin;
    }

    private static async Task<Results<Ok<DeadLetterPageView>, ValidationProblem>> ListAsync(
        string? topic, string? page, int? pageSize, IDeadLetterStore store, CancellationToken ct)
    {
        if (!IsTopic(topic))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["topic"] = ["Name the topic (a bounded context, e.g. 'identity'): letters, digits, '.', '_' or '-'."],
            });
        }

        var size = Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize);
        var found = await store.ListAsync(topic!, string.IsNullOrEmpty(page) ? null : page, size, ct);
        return TypedResults.Ok(new DeadLetterPageView(topic!, [.. found.Items.Select(View)], found.NextPageToken));
    }

    private static async Task<Results<NoContent, NotFound, Conflict<ProblemDetails>, ValidationProblem>> ReplayAsync(
        string topic, string id, IDeadLetterStore store, CancellationToken ct)
    {
        if (!IsTopic(topic))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["topic"] = ["Not a topic name."] });
        }

        try
        {
            return await store.ReplayAsync(topic, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
        }
        catch (InvalidOperationException e)
        {
            // The dead letter holds no readable message: it can only be inspected and deleted.
            return TypedResults.Conflict(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = e.Message,
                Extensions = { ["code"] = "dead-letter.unreadable" },
            });
        }
    }

    private static DeadLetterView View(DeadLetter d) =>
        new(
            d.Id,
            d.Topic,
            d.Group,
            d.Consumer,
            d.Attempts,
            d.FailedAt,
            d.Error,
            d.Message is { } m ? new DeadLetterMessageView(m.Key, m.MessageId, m.Type, m.GlobalPosition, m.StreamVersion, m.Headers, Json(m.Payload)) : null,
            d.Message is null ? d.RawFields : null);

    private static JsonElement? Json(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsTopic(string? topic) => topic is { Length: > 0 and <= 200 } && TopicName().IsMatch(topic);

    [GeneratedRegex("^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TopicName();
}
