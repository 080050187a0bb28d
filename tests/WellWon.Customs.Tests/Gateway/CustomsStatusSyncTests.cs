using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.Gateway;
using WellWon.Customs.Tests.Domain;
using WellWon.Customs.Tests.Http;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Tests.Gateway;

/// <summary>
/// The customs-status synchronisation against a fake gateway (a local Kestrel app), writing through the real aggregate store of the
/// real Api's database (its sync projection included), so the statuses, numbers and events' tenants are those the Api shows.
/// </summary>
public sealed class CustomsStatusSyncTests(CustomsApiFactory api) : IClassFixture<CustomsApiFactory>, IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2025, 11, 14, 12, 0, 0, TimeSpan.Zero);
    private const string Number = $"{DeclarationFixture.Office}/141125/3001234";

    private FakeCustomsGateway _gateway = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _gateway = await FakeCustomsGateway.StartAsync();

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    private (CustomsStatusSync Sync, CustomsGatewayClient Client) Create(int attempts = 3)
    {
        var options = Options.Create(new CustomsGatewayOptions
        {
            BaseUrl = _gateway.BaseUrl, ApiKey = FakeCustomsGateway.Key, Attempts = attempts, FirstRetryDelay = TimeSpan.FromMilliseconds(20),
        });
        var client = new CustomsGatewayClient(new HttpClient(), options);
        var sp = api.Services;
        return (new CustomsStatusSync(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<NpgsqlDataSource>(), client, NullLogger<CustomsStatusSync>.Instance), client);
    }

    /// <summary>A submitted declaration of <paramref name="company"/> (the worked example's first item), stored in its tenant.</summary>
    private async Task<Guid> SubmittedAsync(Guid company)
    {
        var id = Guid.CreateVersion7();
        var now = DeclarationFixture.Now;
        var declaration = CustomsDeclaration.Create(id, company, DeclarationFixture.Header() with { Declarant = DeclarationFixture.Header().Declarant! with { CompanyId = company } }, DeclarationFixture.User, now);
        declaration.AddItem(DeclarationFixture.Bearings(), DeclarationFixture.User, now);
        declaration.SetCosts(DeclarationFixture.Costs(), DeclarationFixture.User, now);
        declaration.Check(DeclarationFixture.User, now);
        declaration.RecordCalculation(DeclarationFixture.Calculate(declaration), DeclarationFixture.User, now);
        declaration.Submit(DeclarationFixture.User, now);
        await using var scope = api.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().TenantId = company;
        await scope.ServiceProvider.GetRequiredService<IAggregateStore>().SaveAsync(declaration, Ct);
        return id;
    }

    private async Task<DeclarationState> StateAsync(Guid id)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IAggregateStore>().LoadAsync<CustomsDeclaration>(id, Ct)).State;
    }

    private async Task<List<RecordedEvent>> EventsAsync(Guid id)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in api.Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<CustomsDeclaration>(id), 0, ReadDirection.Forwards, 1000, Ct))
        {
            events.Add(e);
        }

        return events;
    }

    private async Task<string> ListedStatusAsync(Guid id)
    {
        await using var cmd = api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT status FROM customs.declarations WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        return (string)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    [Fact]
    public async Task Submitted_is_registered_with_its_number_then_released_and_a_repeated_answer_adds_nothing()
    {
        var company = Guid.CreateVersion7();
        var id = await SubmittedAsync(company);
        var (sync, _) = Create();

        var unknown = await sync.RunAsync(Ct);
        Assert.True(unknown.Unknown >= 1);
        Assert.Equal(DeclarationStatuses.Submitted, (await StateAsync(id)).Status);

        _gateway.Answers[id] = FakeCustomsGateway.Status(id, "registered", "gw-1", At, Number);
        await sync.RunAsync(Ct);
        var registered = await StateAsync(id);
        Assert.Equal((DeclarationStatuses.Registered, Number), (registered.Status, registered.RegistrationNumber));
        Assert.Equal(DeclarationStatuses.Registered, await ListedStatusAsync(id));
        var count = (await EventsAsync(id)).Count;

        await sync.RunAsync(Ct);
        Assert.Equal(count, (await EventsAsync(id)).Count);

        _gateway.Answers[id] = FakeCustomsGateway.Status(id, "released", "gw-2", At.AddHours(2), Number, releasedAt: At.AddHours(1));
        await sync.RunAsync(Ct);
        Assert.Equal(DeclarationStatuses.Released, (await StateAsync(id)).Status);
        Assert.Equal(DeclarationStatuses.Released, await ListedStatusAsync(id));
        var events = await EventsAsync(id);
        Assert.Equal(count + 1, events.Count);
        var released = Assert.IsType<DeclarationReleased>(api.Services.GetRequiredService<EventTypeRegistry>().Deserialize(events[^1].EventType, events[^1].Data));
        Assert.Equal(At.AddHours(1), released.ReleasedAt);

        // Released is no longer polled: nothing asked, nothing added.
        _gateway.Requests.Clear();
        await sync.RunAsync(Ct);
        Assert.DoesNotContain(id, _gateway.Requests);
        Assert.Equal(count + 1, (await EventsAsync(id)).Count);
    }

    [Fact]
    public async Task A_503_is_retried_with_back_off_then_the_status_applies()
    {
        var id = await SubmittedAsync(Guid.CreateVersion7());
        _gateway.Answers[id] = FakeCustomsGateway.Status(id, "registered", "gw-3", At, Number);
        var (sync, client) = Create(attempts: 3);
        _gateway.FailNext.Enqueue(503);
        _gateway.FailNext.Enqueue(503);

        var report = await sync.RunAsync(Ct);

        Assert.Empty(report.Failures);
        Assert.True(client.Requests >= 3);
        Assert.Equal(DeclarationStatuses.Registered, (await StateAsync(id)).Status);
    }

    [Fact]
    public async Task A_calculation_stamped_in_another_time_zone_still_feeds_the_price_history()
    {
        // The fixture's clock is Moscow time (+03:00); PostgreSQL's driver refuses any offset but UTC unless it is converted first.
        Assert.NotEqual(TimeSpan.Zero, DeclarationFixture.Now.Offset);
        var id = await SubmittedAsync(Guid.CreateVersion7());

        await using var history = api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            $"SELECT calculated_at FROM {WellWon.Customs.ReadModel.PriceHistoryProjection.LiveTable} WHERE declaration_id = $1");
        history.Parameters.Add(new NpgsqlParameter { Value = id });
        Assert.Equal(DeclarationFixture.Now.UtcDateTime, Assert.IsType<DateTime>(await history.ExecuteScalarAsync(Ct)));
    }

    [Fact]
    public async Task A_malformed_answer_applies_nothing()
    {
        var id = await SubmittedAsync(Guid.CreateVersion7());
        var (sync, _) = Create();
        var before = (await EventsAsync(id)).Count;

        foreach (var json in new[]
        {
            "<html>oops</html>",
            FakeCustomsGateway.Status(id, "cleared", "gw-4", At),
            FakeCustomsGateway.Status(id, "registered", "gw-5", At),
            FakeCustomsGateway.Status(Guid.CreateVersion7(), "registered", "gw-6", At, Number),
            """{"declarationId":"%ID%","status":"released","eventId":"gw-7","at":"yesterday"}""".Replace("%ID%", id.ToString(), StringComparison.Ordinal),
        })
        {
            _gateway.Answers[id] = json;
            var report = await sync.RunAsync(Ct);
            Assert.True(report.Malformed >= 1, json);
        }

        Assert.Equal(before, (await EventsAsync(id)).Count);
        Assert.Equal(DeclarationStatuses.Submitted, (await StateAsync(id)).Status);
    }

    [Fact]
    public async Task Rejected_with_a_reason_and_an_impossible_move_is_skipped_whole()
    {
        var rejectedId = await SubmittedAsync(Guid.CreateVersion7());
        var impossibleId = await SubmittedAsync(Guid.CreateVersion7());
        _gateway.Answers[rejectedId] = FakeCustomsGateway.Status(rejectedId, "rejected", "gw-8", At, reason: "Invoice value does not match the contract");
        // Released without ever being registered, and no number to register it with: refused, nothing stored.
        _gateway.Answers[impossibleId] = FakeCustomsGateway.Status(impossibleId, "released", "gw-9", At);
        var before = (await EventsAsync(impossibleId)).Count;
        var (sync, _) = Create();

        var report = await sync.RunAsync(Ct);

        Assert.True(report.Skipped >= 1);
        var rejected = await StateAsync(rejectedId);
        Assert.Equal((DeclarationStatuses.Rejected, "Invoice value does not match the contract"), (rejected.Status, rejected.Rejection?.Reason));
        Assert.Equal(before, (await EventsAsync(impossibleId)).Count);
        Assert.Equal(DeclarationStatuses.Submitted, (await StateAsync(impossibleId)).Status);
    }

    [Fact]
    public async Task The_gateways_event_id_is_stored_on_the_events_it_causes_and_the_same_event_twice_changes_nothing()
    {
        var id = await SubmittedAsync(Guid.CreateVersion7());
        var manual = await SubmittedAsync(Guid.CreateVersion7());
        // Registered and released between two polls: both events come from the one gateway event.
        _gateway.Answers[id] = FakeCustomsGateway.Status(id, "released", "gw-20", At, Number, releasedAt: At.AddHours(2));
        var (sync, _) = Create();
        await sync.RunAsync(Ct);

        var registry = api.Services.GetRequiredService<EventTypeRegistry>();
        var events = await EventsAsync(id);
        var registered = Assert.IsType<DeclarationRegistered>(registry.Deserialize(events[^2].EventType, events[^2].Data));
        var released = Assert.IsType<DeclarationReleased>(registry.Deserialize(events[^1].EventType, events[^1].Data));
        Assert.Equal(("gw-20", "gw-20"), (registered.GatewayEventId, released.GatewayEventId));
        Assert.Equal(["gw-20"], (await StateAsync(id)).GatewayEvents);

        // The same gateway event reported again, on a later run: nothing is appended.
        await sync.RunAsync(Ct);
        Assert.Equal(events.Count, (await EventsAsync(id)).Count);

        // A status a member recorded by hand carries no gateway id; the gateway's later report of it changes nothing.
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IAggregateStore>();
            var declaration = await store.LoadAsync<CustomsDeclaration>(manual, Ct);
            scope.ServiceProvider.GetRequiredService<RequestContext>().TenantId = declaration.State.CompanyId;
            declaration.Reject("Box 44: contract missing", At, DeclarationFixture.User);
            await store.SaveAsync(declaration, Ct);
        }

        _gateway.Answers[manual] = FakeCustomsGateway.Status(manual, "rejected", "gw-21", At, reason: "Box 44: contract missing");
        var manualEvents = (await EventsAsync(manual)).Count;
        await sync.RunAsync(Ct);
        Assert.Equal(manualEvents, (await EventsAsync(manual)).Count);
        Assert.Null(Assert.IsType<DeclarationRejected>(registry.Deserialize((await EventsAsync(manual))[^1].EventType, (await EventsAsync(manual))[^1].Data)).GatewayEventId);

        // A replay in any order and repetition rebuilds the live row, gateway ids included.
        var projection = api.Services.GetServices<WellWon.Platform.Projections.IProjection>().OfType<WellWon.Customs.ReadModel.DeclarationsProjection>().Single();
        var db = api.Services.GetRequiredService<NpgsqlDataSource>();
        var replay = new WellWon.Platform.Projections.ProjectionTable("customs", $"declarations_gw_{Guid.NewGuid():N}"[..40]);
        await projection.CreateTableAsync(replay, Ct);
        foreach (var e in Enumerable.Reverse(events).Concat(events).Concat(events))
        {
            await projection.ApplyAsync(e, replay, Ct);
        }

        async Task<string> RowAsync(string table)
        {
            await using var select = db.CreateCommand($"SELECT status || '|' || version || '|' || state::text FROM {table} WHERE id = $1");
            select.Parameters.Add(new NpgsqlParameter { Value = id });
            return (string)(await select.ExecuteScalarAsync(Ct))!;
        }

        var live = await RowAsync(WellWon.Customs.ReadModel.DeclarationsProjection.LiveTable.ToString());
        Assert.Equal(live, await RowAsync(replay.ToString()));
        Assert.Contains("gw-20", live, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_declaration_is_written_in_its_own_company()
    {
        var (first, second) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var a = await SubmittedAsync(first);
        var b = await SubmittedAsync(second);
        _gateway.Answers[a] = FakeCustomsGateway.Status(a, "registered", "gw-10", At, Number);
        _gateway.Answers[b] = FakeCustomsGateway.Status(b, "rejected", "gw-11", At, reason: "Incomplete documents");
        var (sync, _) = Create();

        await sync.RunAsync(Ct);

        var aLast = (await EventsAsync(a))[^1];
        var bLast = (await EventsAsync(b))[^1];
        var registry = api.Services.GetRequiredService<EventTypeRegistry>();
        Assert.IsType<DeclarationRegistered>(registry.Deserialize(aLast.EventType, aLast.Data));
        Assert.IsType<DeclarationRejected>(registry.Deserialize(bLast.EventType, bLast.Data));
        Assert.Equal((first, (Guid?)null), (aLast.Metadata.TenantId!.Value, aLast.Metadata.UserId));
        Assert.Equal((second, (Guid?)null), (bLast.Metadata.TenantId!.Value, bLast.Metadata.UserId));
    }
}
