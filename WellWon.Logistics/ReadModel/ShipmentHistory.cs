using WellWon.Logistics.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.ReadModel;

/// <summary>A shipment's stream folded up to a version or a moment, straight from the event store (never from a read model).</summary>
public sealed class ShipmentHistory(IEventStore events, EventTypeRegistry registry)
{
    private const int PageSize = 500;

    /// <summary>The events of the shipment's stream recorded at or before <paramref name="asOf"/> (all when null), with the state they fold into.</summary>
    public async Task<ShipmentAtTime> ReadAsync(Guid shipmentId, DateTimeOffset? asOf, long? upToVersion, CancellationToken ct)
    {
        var stream = StreamName.For<Shipment>(shipmentId);
        var state = new ShipmentState();
        var version = -1L;
        var read = new List<(RecordedEvent Recorded, IDomainEvent? Event)>();
        var from = 0L;
        while (true)
        {
            var page = 0;
            await foreach (var recorded in events.ReadStreamAsync(stream, from, ReadDirection.Forwards, PageSize, ct))
            {
                page++;
                if (recorded.RecordedAt > asOf || recorded.StreamVersion > upToVersion)
                {
                    return new ShipmentAtTime(state, version, read);
                }

                var e = registry.Deserialize(recorded.EventType, recorded.Data);
                if (e is not null)
                {
                    state = state.When(e);
                }

                version = recorded.StreamVersion;
                read.Add((recorded, e));
            }

            if (page < PageSize)
            {
                return new ShipmentAtTime(state, version, read);
            }

            from = version + 1;
        }
    }
}

/// <summary>A shipment at a point of its history: its state, the version it is at (-1 before its first event) and the events read.</summary>
public sealed record ShipmentAtTime(ShipmentState State, long Version, IReadOnlyList<(RecordedEvent Recorded, IDomainEvent? Event)> Events);
