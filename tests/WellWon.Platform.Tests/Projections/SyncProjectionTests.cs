using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Projections;
using WellWon.Platform.Tests.Fakes;

namespace WellWon.Platform.Tests.Projections;

public sealed class CrateListDatabase : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public NpgsqlDataSource DataSource => _database.DataSource;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        await using var create = DataSource.CreateCommand(CrateListProjection.CreateTable);
        await create.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}

public sealed class SyncProjectionTests(CrateListDatabase database) : IClassFixture<CrateListDatabase>, IDisposable
{
    private readonly InMemoryEventStore _events = new();
    private readonly CollectingLoggerProvider _logs = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _logs.Dispose();

    private ServiceProvider Build(string budget, params Type[] projections)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Projections:SyncBudget"] = budget }).Build());
        services.AddLogging(b => b.AddProvider(_logs));
        services.AddSingleton(database.DataSource);
        services.AddSingleton<IEventStore>(_events);
        services.AddSingleton(new EventTypeRegistry([typeof(Crate).Assembly]));
        services.AddScoped<ICurrentUser>(_ => TestCurrentUser.Anonymous());
        services.AddAggregateStore();
        services.AddWellWonProjections();
        foreach (var projection in projections)
        {
            services.AddSingleton(typeof(IProjection), projection);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    private static async Task Save(IServiceProvider services, IAggregate aggregate)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IAggregateStore>().SaveAsync(aggregate, Ct);
    }

    [Fact]
    public async Task After_a_save_the_sync_projection_already_shows_the_write()
    {
        await using var services = Build("00:00:02", typeof(CrateListProjection));
        var id = Guid.NewGuid();
        var crate = Crate.Register(id, "first label");
        await Save(services, crate);
        Assert.Equal(("first label", 0L), await CrateListProjection.FindAsync(database.DataSource, id, Ct));

        crate.Relabel("second label");
        await Save(services, crate);

        Assert.Equal(("second label", 1L), await CrateListProjection.FindAsync(database.DataSource, id, Ct));
    }

    [Fact]
    public async Task The_projection_is_idempotent_an_event_applied_twice_or_late_changes_nothing()
    {
        var projection = new CrateListProjection(database.DataSource);
        var id = Guid.NewGuid();
        var crate = Crate.Register(id, "v0");
        crate.Relabel("v1");
        crate.Relabel("v2");
        await using (var services = Build("00:00:02"))
        {
            await Save(services, crate);
        }

        var recorded = _events.Stream($"crate-{id:N}");
        await projection.ApplyAsync(recorded[0], Ct);
        await projection.ApplyAsync(recorded[2], Ct);
        await projection.ApplyAsync(recorded[1], Ct);   // late
        await projection.ApplyAsync(recorded[2], Ct);   // twice
        await projection.ApplyAsync(recorded[0], Ct);   // replayed from the start

        Assert.Equal(("v2", 2L), await CrateListProjection.FindAsync(database.DataSource, id, Ct));
    }

    [Fact]
    public async Task A_failing_projection_is_logged_and_neither_fails_the_save_nor_stops_the_others()
    {
        await using var services = Build("00:00:02", typeof(BrokenProjection), typeof(CrateListProjection));
        var id = Guid.NewGuid();

        await Save(services, Crate.Register(id, "survives"));

        Assert.Equal(("survives", 0L), await CrateListProjection.FindAsync(database.DataSource, id, Ct));
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("test.broken", StringComparison.Ordinal));
        Assert.Single(_events.Stream($"crate-{id:N}"));
    }

    [Fact]
    public async Task A_projection_past_the_budget_does_not_hold_the_save()
    {
        await using var services = Build("00:00:00.300", typeof(StuckProjection));
        var crate = Crate.Register(Guid.NewGuid(), "slow");
        crate.Relabel("slower");
        var watch = Stopwatch.StartNew();

        await Save(services, crate);

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("did not finish within 300 ms", StringComparison.Ordinal));
        TestContext.Current.TestOutputHelper?.WriteLine($"save with a stuck sync projection and a 300 ms budget returned after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Only_sync_projections_that_read_the_appended_types_run_and_nothing_is_read_back_otherwise()
    {
        var weights = new CrateWeightProjection();
        await using var services = Build("00:00:02", typeof(CrateListProjection));
        var registry = new ProjectionRegistry([new CrateListProjection(database.DataSource), weights]);
        Assert.Equal(["test.crate-list"], registry.Sync.Select(p => p.Name));

        var id = Guid.NewGuid();
        var crate = Crate.Register(id, "typed");
        await Save(services, crate);
        var readsAfterRegister = _events.Reads.Count;
        crate.Load(10);
        await Save(services, crate);

        Assert.Equal(readsAfterRegister, _events.Reads.Count);
        Assert.Equal(0, weights.Applied);
    }

    [Fact]
    public void Two_projections_with_one_name_fail_at_start_up()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            new ProjectionRegistry([new CrateListProjection(database.DataSource), new CrateListProjection(database.DataSource)]));

        Assert.Contains("test.crate-list", ex.Message, StringComparison.Ordinal);
    }
}
