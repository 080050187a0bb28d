using System.Diagnostics;
using Mediator;

namespace WellWon.Platform.Mediator;

/// <summary>
/// Outermost behaviour: one span per message ("command RegisterUser"), tagged with type, kind and outcome,
/// and the <c>wellwon.messages</c> counter and duration histogram, so every failure below it is counted too.
/// </summary>
public sealed class TracingBehavior<TMessage, TResponse>(MessageTelemetry telemetry) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private static readonly string Kind = MessageTelemetry.KindOf<TMessage>();
    private static readonly string TypeName = typeof(TMessage).Name;
    private static readonly string SpanName = $"{Kind} {TypeName}";

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        using var activity = MessageTelemetry.ActivitySource.StartActivity(SpanName, ActivityKind.Internal);
        activity?.SetTag("wellwon.message.type", TypeName);
        activity?.SetTag("wellwon.message.kind", Kind);
        var started = Stopwatch.GetTimestamp();
        Exception? error = null;
        try
        {
            return await next(message, cancellationToken);
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            var outcome = MessageTelemetry.OutcomeOf(error);
            var tags = new TagList
            {
                { "type", TypeName },
                { "kind", Kind },
                { "outcome", outcome },
            };
            telemetry.Messages.Add(1, tags);
            telemetry.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            if (activity is not null)
            {
                activity.SetTag("wellwon.outcome", outcome);
                if (outcome == "error")
                {
                    // Only unexpected failures mark the span as failed; a rejected command is the system working.
                    activity.SetStatus(ActivityStatusCode.Error, error!.Message);
                    activity.AddException(error);
                }
                else if (error is not null)
                {
                    activity.SetTag("error.type", error.GetType().Name);
                }
            }
        }
    }
}
