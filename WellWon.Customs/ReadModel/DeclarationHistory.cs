using WellWon.Customs.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Customs.ReadModel;

/// <summary>A declaration's stream folded up to a version, straight from the event store (never from a read model).</summary>
public sealed class DeclarationHistory(IEventStore events, EventTypeRegistry registry)
{
    private const int PageSize = 500;

    /// <summary>The state after the events up to <paramref name="upToVersion"/> (all when null), with the version it is at (-1: none).</summary>
    public async Task<(DeclarationState State, long Version, DateTimeOffset? FirstAt)> ReadAsync(Guid declarationId, long? upToVersion, CancellationToken ct)
    {
        var stream = StreamName.For<CustomsDeclaration>(declarationId);
        var state = new DeclarationState();
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
                    return (state, version, firstAt);
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
                return (state, version, firstAt);
            }
        }
    }
}
