using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Identity.ReadModel;
using WellWon.Platform.EventStore;

namespace WellWon.Workers.Tests.Flow;

/// <summary>
/// ARCHITECTURE.md §5: one trace from the user's request to the push back. The Api and the event processor run as their
/// Programs build them, in this process, over one database and Redis; both export spans with the OpenTelemetry in-memory exporter.
/// </summary>
public sealed class EndToEndTraceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_profile_edit_is_one_trace_from_the_PATCH_through_the_log_the_relay_and_the_projection_to_the_push()
    {
        await using var hosts = await FlowHosts.StartAsync("event-processor");
        var (userId, token) = await hosts.SignUpAsync();
        await using var browser = await hosts.ConnectAsync(userId, token);
        using var client = hosts.ClientFor(token);

        var sent = Stopwatch.GetTimestamp();
        var patch = await client.PatchAsJsonAsync("/api/auth/profile", new { firstName = "Traced" }, Ct);
        var answered = Stopwatch.GetTimestamp();
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);

        // The version the edit gave the profile: the stream's last event, which the PATCH appended.
        var events = hosts.Api.Services.GetRequiredService<IEventStore>();
        RecordedEvent? updated = null;
        await foreach (var e in events.ReadStreamAsync($"identity-user-{userId:N}", long.MaxValue, ReadDirection.Backwards, 1, Ct))
        {
            updated = e;
        }

        Assert.Equal("identity.profile-updated.v1", updated!.EventType);
        var (push, pushedAt) = await browser.WaitForAsync(
            c => c.Change.Entity == UserProfileProjection.Entity && c.Change.Id == userId.ToString("D") && c.Change.Version == updated.StreamVersion,
            TimeSpan.FromSeconds(15));
        Assert.Equal($"user:{userId:D}", push.Group);

        // The request's trace: its id is in the event's metadata, written under the command's span.
        var traceId = ActivityContext.Parse(updated.Metadata.TraceParent!, null).TraceId;
        IReadOnlyList<Activity> trace = [];
        Activity? Find(Func<Activity, bool> match) => trace.FirstOrDefault(match);
        Activity? http = null, command = null, append = null, process = null, project = null, pushSpan = null;
        Activity? relay = null;
        // A span is exported when it ends, and the push and its project span end after the client already got the push.
        await WorkerHost.Until(() =>
        {
            trace = hosts.Spans.Trace(traceId);
            http = Find(s => s.Kind == ActivityKind.Server && Tag(s, "http.request.method") == "PATCH" && Tag(s, "http.route") == "/api/auth/profile");
            command = Find(s => s.DisplayName == "command UpdateProfile");
            append = Find(s => s.DisplayName == "event-store append identity");
            process = Find(s => s.DisplayName == "process identity" && s.Kind == ActivityKind.Consumer);
            project = Find(s => s.DisplayName == $"project {UserProfileProjection.ProjectionName}");
            pushSpan = Find(s => s.DisplayName == $"signalr push {UserProfileProjection.Entity}");
            // Whether or not the relay's span joined the trace, it links to the span that wrote the event.
            relay = hosts.Spans.Where(s => s.DisplayName == "relay publish identity" && s.Links.Any(l => l.Context.TraceId == traceId)) is [var first, ..] ? first : null;
            return Task.FromResult(http is not null && command is not null && append is not null && process is not null
                                   && project is not null && pushSpan is not null && relay is not null);
        }, TimeSpan.FromSeconds(10), "every span of the flow is exported");

        TestContext.Current.TestOutputHelper?.WriteLine(Tree(trace, relay!));

        // In the Api: HTTP server span → mediator command → event-store append.
        Assert.Null(ParentIn(trace, http!));
        Assert.True(IsAncestor(trace, http!, command!), "the command span sits under the PATCH's server span");
        Assert.True(IsAncestor(trace, command!, append!), "the append span sits under the command span");

        // Across the log and the bus: the consumer's span is parented on the event's traceparent, the span that wrote it.
        var writer = ActivityContext.Parse(updated.Metadata.TraceParent!, null).SpanId;
        Assert.Equal(writer, process!.ParentSpanId);
        Assert.True(IsAncestor(trace, command!, process), "the consumer span continues the command's trace");

        // In the worker: consumer → project → push, each the previous one's child.
        Assert.Equal(process.SpanId, project!.ParentSpanId);
        Assert.Equal(project.SpanId, pushSpan!.ParentSpanId);
        Assert.Equal(ActivityKind.Producer, pushSpan.Kind);

        // The relay publishes batches that may mix requests, so its span links to each event's writer instead of adopting one
        // as parent (it is that trace's child too only when its whole batch came from one trace). The chain from the PATCH to
        // the push does not go through it: the message carries the event's own traceparent, and the consumer's span is its child.
        Assert.Contains(relay!.Links, l => l.Context.TraceId == traceId && l.Context.SpanId == writer);

        var endToEnd = Stopwatch.GetElapsedTime(sent, pushedAt);
        var spanned = pushSpan.StartTimeUtc + pushSpan.Duration - http!.StartTimeUtc;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"PATCH answered in {Stopwatch.GetElapsedTime(sent, answered).TotalMilliseconds:F0} ms; push received {endToEnd.TotalMilliseconds:F0} ms after the PATCH was sent; "
            + $"the trace spans {spanned.TotalMilliseconds:F0} ms from the server span's start to the push span's end; relay span parented in the trace: {relay.TraceId == traceId}");
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();

    private static Activity? ParentIn(IReadOnlyList<Activity> trace, Activity span) =>
        span.ParentSpanId == default ? null : trace.FirstOrDefault(s => s.SpanId == span.ParentSpanId);

    private static bool IsAncestor(IReadOnlyList<Activity> trace, Activity ancestor, Activity span)
    {
        for (var current = ParentIn(trace, span); current is not null; current = ParentIn(trace, current))
        {
            if (current.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The trace as an indented tree, each span with its offset from the root and its duration; the relay span's link shown.</summary>
    private static string Tree(IReadOnlyList<Activity> trace, Activity relay)
    {
        var text = new StringBuilder();
        var start = trace.Min(s => s.StartTimeUtc);
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        void Write(Activity span, int depth)
        {
            text.Append(' ', depth * 2)
                .Append(span.DisplayName)
                .Append(System.Globalization.CultureInfo.InvariantCulture, $"  [{span.Source.Name}, {span.Kind}, +{(span.StartTimeUtc - start).TotalMilliseconds:F1} ms, {span.Duration.TotalMilliseconds:F1} ms]")
                .AppendLine();
            foreach (var child in trace.Where(s => s.ParentSpanId == span.SpanId).OrderBy(s => s.StartTimeUtc))
            {
                Write(child, depth + 1);
            }
        }

        text.AppendLine($"trace {trace[0].TraceId}: {trace.Count} spans");
        foreach (var root in trace.Where(s => !ids.Contains(s.ParentSpanId)).OrderBy(s => s.StartTimeUtc))
        {
            Write(root, 0);
        }

        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"linked: {relay.DisplayName} (trace {relay.TraceId}) → {string.Join(", ", relay.Links.Select(l => $"{l.Context.TraceId}/{l.Context.SpanId}"))}");
        return text.ToString();
    }
}
