using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WellWon.Platform.EventStore;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Hosting;

namespace WellWon.Platform.KurrentDB.Tests.Client;

/// <summary><c>EventStore:Provider</c> in <c>AddWellWonPlatform</c>: what a host gets for each setting, and how a wrong one stops it.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public void KurrentDB_is_the_store_behind_the_port_and_the_relays_log_while_snapshots_and_checkpoints_stay_in_PostgreSQL()
    {
        using var host = Build(new() { ["EventStore:Provider"] = "KurrentDB", ["ConnectionStrings:kurrentdb"] = "kurrentdb://localhost:2113?tls=false" });

        Assert.IsType<KurrentDbEventStore>(host.Services.GetRequiredService<IEventStore>());
        Assert.IsType<KurrentDbLogSubscriptionFactory>(host.Services.GetRequiredService<ILogSubscriptionFactory>());
        Assert.IsType<PostgresCheckpointStore>(host.Services.GetRequiredService<ICheckpointStore>());
        Assert.IsType<PostgresSnapshotStore>(host.Services.GetRequiredService<ISnapshotStore>());
        Assert.Contains(host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == "kurrentdb");
    }

    [Fact]
    public void Without_the_setting_PostgreSQL_is_the_store()
    {
        using var host = Build([]);

        Assert.IsType<PostgresEventStore>(host.Services.GetRequiredService<IEventStore>());
        Assert.IsType<LogSubscriptionFactory>(host.Services.GetRequiredService<ILogSubscriptionFactory>());
    }

    [Fact]
    public void An_unknown_provider_stops_the_host_naming_the_ones_it_offers()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["EventStore:Provider"] = "Cassandra" }));

        Assert.Equal("EventStore:Provider 'Cassandra' is not available in this host; it offers 'PostgreSQL', 'KurrentDB'.", error.Message);
    }

    [Theory]
    [InlineData(null, "ConnectionStrings:kurrentdb is not set; EventStore:Provider=KurrentDB needs it")]
    [InlineData("kurrentdb://localhost:2113?tls=no", "'tls' must be true or false, not 'no'")]
    public void A_missing_or_wrong_connection_string_stops_the_host_at_start_up(string? connectionString, string reason)
    {
        using var host = Build(new() { ["EventStore:Provider"] = "kurrentdb", ["ConnectionStrings:kurrentdb"] = connectionString });

        // ValidateOnStart runs this same validation when the host starts.
        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<KurrentDbOptions>>().Value);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:wellwon-db"] = "Host=127.0.0.1;Port=1;Database=none",
            ["ConnectionStrings:redis"] = "127.0.0.1:1,abortConnect=false",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddWellWonPlatform(KurrentDbRegistration.Provider);
        return builder.Build();
    }
}
