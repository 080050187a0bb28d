using WellWon.Logistics.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.ReadModel;

/// <summary>A warehouse's stream folded up to a version, straight from the event store (what its projections rebuild rows from).</summary>
public sealed class WarehouseHistory(IEventStore events, EventTypeRegistry registry)
{
    private const int PageSize = 500;

    public async Task<WarehouseState> ReadAsync(Guid warehouseId, long upToVersion, CancellationToken ct)
    {
        var stream = StreamName.For<Warehouse>(warehouseId);
        var state = new WarehouseState();
        var from = 0L;
        while (true)
        {
            var page = 0;
            await foreach (var recorded in events.ReadStreamAsync(stream, from, ReadDirection.Forwards, PageSize, ct))
            {
                page++;
                if (recorded.StreamVersion > upToVersion)
                {
                    return state;
                }

                if (registry.Deserialize(recorded.EventType, recorded.Data) is { } e)
                {
                    state = state.When(e);
                }

                from = recorded.StreamVersion + 1;
            }

            if (page < PageSize)
            {
                return state;
            }
        }
    }
}
