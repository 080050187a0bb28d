using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Platform.Database;
using WellWon.Platform.EventStore;
using WellWon.Platform.EventStore.Postgres;

namespace WellWon.Benchmarks;

/// <summary>WellWon's <see cref="PostgresEventStore"/>, composed and migrated exactly as a WellWon service does it.</summary>
public sealed class WellWonAppendTarget(ServiceProvider services, IEventStore store) : IAppendTarget
{
    public IEventStore Store { get; } = store;

    public static async Task<WellWonAppendTarget> CreateAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var services = new ServiceCollection()
            .AddSingleton(dataSource)
            .AddPostgresEventStore()
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        return new WellWonAppendTarget(services, services.GetRequiredService<IEventStore>());
    }

    public Operation CreateWriter(int writer, int batchSize)
    {
        var shipment = Guid.NewGuid();
        var streamId = $"shipment-{shipment:N}";
        var tenant = Guid.NewGuid();
        var user = Guid.NewGuid();
        var expected = ExpectedVersion.NoStream;
        var sequence = 0;
        return async ct =>
        {
            var events = new EventData[batchSize];
            for (var i = 0; i < batchSize; i++)
            {
                events[i] = new EventData(Guid.CreateVersion7(), BenchEvents.EventType, BenchEvents.Data(shipment, sequence++), BenchEvents.Metadata(tenant, user));
            }

            var result = await Store.AppendAsync(streamId, expected, events, ct);
            expected = ExpectedVersion.Exactly(result.NextExpectedVersion);
        };
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
