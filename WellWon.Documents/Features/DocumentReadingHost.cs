using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WellWon.Documents.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Messaging;

namespace WellWon.Documents.Features;

/// <summary>
/// Turns Documents' events into the reader's work: a version added is read (<see cref="ReadDocumentVersion"/>), a review with
/// corrections teaches the company's supplier template (<see cref="LearnSupplierTemplate"/>). Each event is handled in a scope of its
/// own whose writes are caused by it (correlation and causation carried on).
/// </summary>
public sealed class DocumentReadingHandler(IServiceScopeFactory scopes, EventTypeRegistry registry)
{
    public static readonly string VersionAddedType = EventTypeName<DocumentVersionAdded>();

    public static readonly string ReviewedType = EventTypeName<DocumentReviewed>();

    public async ValueTask HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        if (message.Message.Type == VersionAddedType || message.Message.Type == ReviewedType)
        {
            await HandleAsync(message.Message.ToRecordedEvent(), ct);
        }
    }

    public async Task HandleAsync(RecordedEvent e, CancellationToken ct)
    {
        var change = registry.Deserialize(e.EventType, e.Data);
        if (change is not (DocumentVersionAdded or DocumentReviewed))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<RequestContext>();
        context.CorrelationId = e.Metadata.CorrelationId;
        context.CausationId = e.EventId;
        switch (change)
        {
            case DocumentVersionAdded added:
                await scope.ServiceProvider.GetRequiredService<ReadDocumentVersion>().ReadAsync(added.DocumentId, added.Version, ct);
                break;
            case DocumentReviewed reviewed:
                await scope.ServiceProvider.GetRequiredService<LearnSupplierTemplate>().LearnAsync(reviewed, ct);
                break;
        }
    }

    private static string EventTypeName<T>() =>
        typeof(T).GetCustomAttributes(typeof(EventTypeAttribute), false).OfType<EventTypeAttribute>().Single().Name;
}

/// <summary>
/// The document reader in the event processor: its own consumer group on the <c>documents</c> topic, so a long OCR run holds up
/// neither the projections nor the sagas. At least once: a reader that dies mid-document leaves the event unacknowledged and it is
/// read again from the start; one already read is skipped.
/// </summary>
public sealed partial class DocumentReadingHost(IMessageConsumer consumer, DocumentReadingHandler handler, ILogger<DocumentReadingHost> logger) : BackgroundService
{
    public const string ConsumerGroup = "document-readers";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var topic = RecordedEventMessages.TopicOf(DocumentReadingHandler.VersionAddedType);
        var name = $"{Environment.MachineName}.readers".ToLowerInvariant();
        LogConsuming(topic, ConsumerGroup, name);
        await consumer.RunAsync(new ConsumerSubscription(topic, ConsumerGroup, name), handler.HandleAsync, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document reader consumes {Topic} as {Group}/{Consumer}")]
    private partial void LogConsuming(string topic, string group, string consumer);
}
