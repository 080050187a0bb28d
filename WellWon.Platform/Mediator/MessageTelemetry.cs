using System.Diagnostics;
using System.Diagnostics.Metrics;
using Mediator;
using Microsoft.Extensions.Hosting;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Platform.Mediator;

/// <summary>WellWon's ActivitySource and the instruments that count and time every message through the pipeline.</summary>
public sealed class MessageTelemetry
{
    /// <summary>Spans of WellWon's own code; the service defaults export every source named "WellWon".</summary>
    public static readonly ActivitySource ActivitySource = new(Extensions.TelemetryName);

    // The meter belongs to the factory (shared by name, disposed with the container), not to this class.
    public MessageTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Extensions.TelemetryName);
        Messages = meter.CreateCounter<long>("wellwon.messages", "{message}", "Commands and queries handled, by type, kind and outcome.");
        Duration = meter.CreateHistogram<double>("wellwon.message.duration", "s", "Time spent handling a command or query, pipeline included.");
    }

    public Counter<long> Messages { get; }

    public Histogram<double> Duration { get; }

    /// <summary>"command", "query" or "request": what the message is, as the span name and the <c>kind</c> tag say it.</summary>
    public static string KindOf<TMessage>() => MessageKind<TMessage>.Value;

    /// <summary>A short, low-cardinality word for how handling ended, shared by spans, metrics and logs.</summary>
    public static string OutcomeOf(Exception? error) => error switch
    {
        null => "success",
        RequestValidationException => "invalid",
        UnauthenticatedException => "unauthenticated",
        ForbiddenException => "forbidden",
        NotFoundException => "not_found",
        DomainException => "rejected",
        WrongExpectedVersionException or IdempotentRequestInFlightException => "conflict",
        IdempotencyKeyReusedException => "rejected",
        OperationCanceledException => "cancelled",
        _ => "error",
    };

    private static class MessageKind<TMessage>
    {
        public static readonly string Value =
            typeof(IBaseCommand).IsAssignableFrom(typeof(TMessage)) ? "command"
            : typeof(IBaseQuery).IsAssignableFrom(typeof(TMessage)) ? "query"
            : "request";
    }
}
