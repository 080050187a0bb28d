using WellWon.Documents.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Documents.ReadModel;

/// <summary>A document's stream folded up to a version, straight from the event store (never from a read model).</summary>
public sealed class DocumentHistory(IEventStore events, EventTypeRegistry registry)
{
    private const int PageSize = 500;

    /// <summary>The state after the events up to <paramref name="upToVersion"/>, and when the stream began.</summary>
    public async Task<(DocumentState State, DateTimeOffset? FirstAt)> ReadAsync(Guid documentId, long upToVersion, CancellationToken ct)
    {
        var stream = StreamName.For<Document>(documentId);
        var state = new DocumentState();
        var version = -1L;
        DateTimeOffset? firstAt = null;
        while (true)
        {
            var page = 0;
            await foreach (var recorded in events.ReadStreamAsync(stream, version + 1, ReadDirection.Forwards, PageSize, ct))
            {
                page++;
                if (recorded.StreamVersion > upToVersion)
                {
                    return (state, firstAt);
                }

                if (registry.Deserialize(recorded.EventType, recorded.Data) is { } e)
                {
                    state = state.When(e);
                }

                firstAt ??= recorded.RecordedAt;
                version = recorded.StreamVersion;
            }

            if (page < PageSize)
            {
                return (state, firstAt);
            }
        }
    }
}
