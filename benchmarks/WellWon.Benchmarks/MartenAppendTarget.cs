using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace WellWon.Benchmarks;

/// <summary>
/// Marten 9 in Quick append mode on its own fresh database: one lightweight session per append, the stream started with
/// StartStream and continued with Append. Correlation, causation and headers are on, so it stores what WellWon stores.
/// </summary>
public sealed class MartenAppendTarget(DocumentStore store) : IAppendTarget
{
    public DocumentStore Store { get; } = store;

    public static async Task<MartenAppendTarget> CreateAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var store = DocumentStore.For(o =>
        {
            o.Connection(dataSource);
            o.DatabaseSchemaName = "marten";
            o.AutoCreateSchemaObjects = AutoCreate.All;
            o.Events.StreamIdentity = StreamIdentity.AsString;
            o.Events.AppendMode = EventAppendMode.Quick;
            o.Events.MetadataConfig.CorrelationIdEnabled = true;
            o.Events.MetadataConfig.CausationIdEnabled = true;
            o.Events.MetadataConfig.HeadersEnabled = true;
            o.Events.AddEventType<ShipmentMilestoneReached>();
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return new MartenAppendTarget(store);
    }

    public Operation CreateWriter(int writer, int batchSize)
    {
        var shipment = Guid.NewGuid();
        var streamId = $"shipment-{shipment:N}";
        var tenant = Guid.NewGuid();
        var user = Guid.NewGuid();
        var started = false;
        var sequence = 0;
        return async ct =>
        {
            await using var session = Store.LightweightSession();
            var metadata = BenchEvents.Metadata(tenant, user);
            session.CorrelationId = metadata.CorrelationId.ToString();
            session.CausationId = metadata.CausationId?.ToString();
            session.SetHeader("tenantId", tenant);
            session.SetHeader("userId", user);
            session.SetHeader("traceparent", metadata.TraceParent!);

            var events = new object[batchSize];
            for (var i = 0; i < batchSize; i++)
            {
                events[i] = BenchEvents.Payload(shipment, sequence++);
            }

            if (started)
            {
                session.Events.Append(streamId, events);
            }
            else
            {
                session.Events.StartStream(streamId, events);
            }

            await session.SaveChangesAsync(ct);
            started = true;
        };
    }

    public ValueTask DisposeAsync()
    {
        Store.Dispose();
        return ValueTask.CompletedTask;
    }
}
