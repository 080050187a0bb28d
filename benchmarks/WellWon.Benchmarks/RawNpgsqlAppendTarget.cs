using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Platform.EventStore.Postgres;

namespace WellWon.Benchmarks;

/// <summary>
/// The floor: the same rows into a copy of WellWon's events table (same columns, defaults, unique constraints and index),
/// one single-row INSERT per event, no version check, no notification; a batch is one round trip in one implicit transaction.
/// </summary>
public sealed class RawNpgsqlAppendTarget(NpgsqlDataSource dataSource) : IAppendTarget
{
    private const string InsertSql =
        "INSERT INTO raw_events.events (stream_id, stream_version, event_id, event_type, data, metadata) VALUES ($1, $2, $3, $4, $5, $6)";

    public static async Task<RawNpgsqlAppendTarget> CreateAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var ddl = new EventStoreMigrations().Migrations.Single().Sql.Replace("event_store", "raw_events", StringComparison.Ordinal);
        await using var command = dataSource.CreateCommand(ddl);
        await command.ExecuteNonQueryAsync(ct);
        return new RawNpgsqlAppendTarget(dataSource);
    }

    public Operation CreateWriter(int writer, int batchSize)
    {
        var shipment = Guid.NewGuid();
        var streamId = $"shipment-{shipment:N}";
        var tenant = Guid.NewGuid();
        var user = Guid.NewGuid();
        var version = 0L;
        var sequence = 0;
        return async ct =>
        {
            await using var batch = dataSource.CreateBatch();
            for (var i = 0; i < batchSize; i++)
            {
                var insert = new NpgsqlBatchCommand(InsertSql);
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
                insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version++ });
                insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = BenchEvents.EventType });
                insert.Parameters.Add(new NpgsqlParameter<string>
                {
                    NpgsqlDbType = NpgsqlDbType.Jsonb,
                    TypedValue = BenchEvents.Data(shipment, sequence++).GetRawText(),
                });
                insert.Parameters.Add(new NpgsqlParameter<string>
                {
                    NpgsqlDbType = NpgsqlDbType.Jsonb,
                    TypedValue = JsonSerializer.Serialize(BenchEvents.Metadata(tenant, user), BenchEvents.JsonOptions),
                });
                batch.BatchCommands.Add(insert);
            }

            await batch.ExecuteNonQueryAsync(ct);
        };
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
