using Npgsql;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Platform.Tests.EventStore;

/// <summary>
/// How NOT to read the log, kept to prove the ordering test can fail: by global position alone, with a checkpoint on the
/// position. Identity values are handed out before commit, so once it has passed position p+1 it never sees a p committed later.
/// </summary>
internal sealed class NaiveReader(NpgsqlDataSource dataSource, int batchSize) : ILogReader
{
    private long _position;

    public string Name => "naive (global_position only)";

    public async Task<IReadOnlyList<RecordedEvent>> ReadNextAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT global_position, stream_id, stream_version, event_id, event_type, data, recorded_at, transaction_id
            FROM event_store.events
            WHERE global_position > @position
            ORDER BY global_position
            LIMIT @max_count
            """);
        command.Parameters.AddWithValue("position", _position);
        command.Parameters.AddWithValue("max_count", batchSize);
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(new RecordedEvent(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetGuid(3),
                reader.GetString(4),
                reader.GetFieldValue<System.Text.Json.JsonElement>(5),
                EventMetadata.Empty,
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetFieldValue<ulong>(7)));
        }

        if (events.Count > 0)
        {
            _position = events[^1].GlobalPosition;
        }

        return events;
    }
}
