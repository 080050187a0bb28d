using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WellWon.Platform.Messaging;

/// <summary>
/// Spans and counters of the bus, shared by every transport so dashboards do not care which one runs.
/// A consumer span continues the trace of the write that produced the event (its <c>traceparent</c>), so one trace reaches from
/// the user's request through the relay to every projection and saga step.
/// </summary>
public static class MessagingTelemetry
{
    public static readonly ActivitySource Source = new(Microsoft.Extensions.Hosting.Extensions.TelemetryName);

    private static readonly Meter Meter = new(Microsoft.Extensions.Hosting.Extensions.TelemetryName);

    public static readonly Counter<long> Published =
        Meter.CreateCounter<long>("wellwon.transport.published", "{message}", "Messages the broker acknowledged on publish.");

    public static readonly Counter<long> Consumed =
        Meter.CreateCounter<long>("wellwon.transport.consumed", "{message}", "Messages handled and acknowledged.");

    public static readonly Counter<long> Retries =
        Meter.CreateCounter<long>("wellwon.transport.retries", "{attempt}", "Handler attempts that repeat a failed one (in-process retries and redeliveries).");

    public static readonly Counter<long> DeadLettered =
        Meter.CreateCounter<long>("wellwon.transport.dead_lettered", "{message}", "Messages moved to a dead-letter stream after failing every delivery.");

    // Links to the traces of the published events; a batch from the relay spans many requests, and a span keeps only so many links.
    private const int MaxLinks = 32;

    public static Activity? StartPublish(string system, string topic, IReadOnlyList<TransportMessage> messages)
    {
        List<ActivityLink>? links = null;
        foreach (var message in messages)
        {
            if (links is { Count: >= MaxLinks })
            {
                break;
            }

            if (message.TraceParent is { } traceParent
                && ActivityContext.TryParse(traceParent, message.TraceState, isRemote: true, out var context))
            {
                (links ??= []).Add(new ActivityLink(context));
            }
        }

        var activity = Source.StartActivity($"publish {topic}", ActivityKind.Producer, parentContext: default, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", system);
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.batch.message_count", messages.Count);
        }

        return activity;
    }

    /// <summary>The message as it should be written: with the publisher's trace context when it carries none of its own.</summary>
    public static TransportMessage WithTraceContext(TransportMessage message, Activity? publish)
    {
        var context = publish?.Context ?? Activity.Current?.Context;
        if (message.TraceParent is not null || context is null || context.Value == default)
        {
            return message;
        }

        var headers = new Dictionary<string, string>(message.Headers, StringComparer.Ordinal)
        {
            [TransportHeaders.TraceParent] = FormatTraceParent(context.Value),
        };
        if (!string.IsNullOrEmpty(context.Value.TraceState))
        {
            headers[TransportHeaders.TraceState] = context.Value.TraceState;
        }

        return message with { Headers = headers };
    }

    /// <summary>A consumer span whose parent is the span that wrote the event, taken from the message's <c>traceparent</c>.</summary>
    public static Activity? StartProcess(string system, ReceivedMessage received, string? partition)
    {
        var message = received.Message;
        ActivityContext parent = default;
        if (message.TraceParent is { } traceParent)
        {
            _ = ActivityContext.TryParse(traceParent, message.TraceState, isRemote: true, out parent);
        }

        var activity = Source.StartActivity($"process {received.Topic}", ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", system);
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", received.Topic);
            activity.SetTag("messaging.consumer.group.name", received.Group);
            activity.SetTag("messaging.message.id", message.MessageId.ToString());
            activity.SetTag("messaging.message.delivery_count", received.DeliveryCount);
            activity.SetTag("messaging.destination.partition.id", partition);
            activity.SetTag("wellwon.message.key", message.Key);
            activity.SetTag("wellwon.message.type", message.Type);
        }

        return activity;
    }

    public static KeyValuePair<string, object?> TopicTag(string topic) => new("messaging.destination.name", topic);

    public static KeyValuePair<string, object?> GroupTag(string group) => new("messaging.consumer.group.name", group);

    private static string FormatTraceParent(ActivityContext context) =>
        $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{((context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00")}";
}
