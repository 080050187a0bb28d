using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using WellWon.Logistics.References;
using WellWon.Logistics.Tests.Hosts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.Tests.References;

/// <summary>
/// Reference numbers on the real PostgreSQL and event store: unique under concurrency, handed out again when their shipment was
/// not created, and settled against the shipment's stream when a request died between reserving and writing.
/// </summary>
public sealed class ReferenceAllocationTests(LogisticsApiFactory api) : IClassFixture<LogisticsApiFactory>
{
    private const int Year = 2026;
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fifty_reservations_at_once_get_the_numbers_1_to_50_each_once()
    {
        var company = Guid.NewGuid();

        var numbers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => WithReferencesAsync(r => r.ReserveAsync(company, Year, Guid.CreateVersion7(), Ct))));

        Assert.Equal(Enumerable.Range(1, 50), numbers.Order());
        Assert.Equal(1, await WithReferencesAsync(r => r.ReserveAsync(company, Year + 1, Guid.CreateVersion7(), Ct)));
        Assert.Equal(1, await WithReferencesAsync(r => r.ReserveAsync(Guid.NewGuid(), Year, Guid.CreateVersion7(), Ct)));
    }

    [Fact]
    public async Task A_shipment_asking_again_keeps_its_number_and_numbers_given_back_are_handed_out_again_lowest_first()
    {
        var company = Guid.NewGuid();
        var (a, b, c) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await WithReferencesAsync(async r =>
        {
            Assert.Equal(1, await r.ReserveAsync(company, Year, a, Ct));
            Assert.Equal(2, await r.ReserveAsync(company, Year, b, Ct));
            Assert.Equal(3, await r.ReserveAsync(company, Year, c, Ct));
            Assert.Equal(2, await r.ReserveAsync(company, Year, b, Ct));
            await r.GiveBackAsync(c, Ct);
            await r.GiveBackAsync(b, Ct);
            Assert.Equal(2, await r.ReserveAsync(company, Year, Guid.CreateVersion7(), Ct));
            Assert.Equal(3, await r.ReserveAsync(company, Year, Guid.CreateVersion7(), Ct));
            Assert.Equal(4, await r.ReserveAsync(company, Year, Guid.CreateVersion7(), Ct));
            return 0;
        });

        // A number given back was closed on its shipment's stream: that shipment can no longer be created with it.
        Assert.IsType<ShipmentCreationAbandoned>(Assert.Single(await StreamAsync(b)));
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => SaveAsync(Shipment.Create(b, company, ShipmentReference.Format(Year, 2), Plan(), Guid.NewGuid(), Now)));
    }

    [Fact]
    public async Task A_reservation_left_open_by_a_dead_request_is_handed_out_again_and_the_late_write_fails()
    {
        var company = Guid.NewGuid();
        var (dead, next) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        Assert.Equal(1, await WithReferencesAsync(r => r.ReserveAsync(company, Year, dead, Ct), TimeSpan.FromMilliseconds(1)));
        await Task.Delay(20, Ct);

        Assert.Equal(1, await WithReferencesAsync(r => r.ReserveAsync(company, Year, next, Ct), TimeSpan.FromMilliseconds(1)));

        Assert.IsType<ShipmentCreationAbandoned>(Assert.Single(await StreamAsync(dead)));
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => SaveAsync(Shipment.Create(dead, company, ShipmentReference.Format(Year, 1), Plan(), Guid.NewGuid(), Now)));
        Assert.Equal([("reserved", next)], await NumbersAsync(company));
    }

    [Fact]
    public async Task A_reservation_whose_shipment_was_written_but_not_confirmed_is_confirmed_when_settled()
    {
        var company = Guid.NewGuid();
        var (written, next) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var number = await WithReferencesAsync(r => r.ReserveAsync(company, Year, written, Ct), TimeSpan.FromMilliseconds(1));
        await SaveAsync(Shipment.Create(written, company, ShipmentReference.Format(Year, number), Plan(), Guid.NewGuid(), Now));
        await Task.Delay(20, Ct);

        Assert.Equal(2, await WithReferencesAsync(r => r.ReserveAsync(company, Year, next, Ct), TimeSpan.FromMilliseconds(1)));

        Assert.IsType<ShipmentCreated>(Assert.Single(await StreamAsync(written)));
        Assert.Equal([("used", written), ("reserved", next)], await NumbersAsync(company));
    }

    private static ShipmentDraft Plan() => new(
        TransportModes.Sea,
        new ShipmentHeader(null, null, null, "FOB", null, null),
        [new CargoLine(Guid.NewGuid(), "Ball bearings", null, 10, null, 1200, 1100, null, null)],
        [],
        [new RouteLeg(Guid.NewGuid(), "CNSHA", "RULED", TransportModes.Sea, null, null, null, null, null, null)]);

    private async Task<T> WithReferencesAsync<T>(Func<IShipmentReferences, Task<T>> use, TimeSpan? timeout = null)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var references = new PostgresShipmentReferences(
            scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>(),
            scope.ServiceProvider.GetRequiredService<IAggregateStore>(),
            TimeProvider.System,
            Options.Create(new LogisticsOptions { ReservationTimeout = timeout ?? TimeSpan.FromMinutes(5) }));
        return await use(references);
    }

    private async Task SaveAsync(Shipment shipment)
    {
        await using var scope = api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IAggregateStore>().SaveAsync(shipment, Ct);
    }

    private async Task<List<IDomainEvent>> StreamAsync(Guid shipmentId)
    {
        var registry = api.Services.GetRequiredService<EventTypeRegistry>();
        var events = new List<IDomainEvent>();
        await foreach (var e in api.Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<Shipment>(shipmentId), 0, ReadDirection.Forwards, 10, Ct))
        {
            events.Add(registry.Deserialize(e.EventType, e.Data)!);
        }

        return events;
    }

    private async Task<List<(string, Guid?)>> NumbersAsync(Guid company)
    {
        await using var select = api.Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand("SELECT state, shipment_id FROM logistics.reference_numbers WHERE company_id = $1 ORDER BY number");
        select.Parameters.Add(new NpgsqlParameter { Value = company });
        var rows = new List<(string, Guid?)>();
        await using var reader = await select.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetGuid(1)));
        }

        return rows;
    }
}
