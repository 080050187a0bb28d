using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using WellWon.Identity.Security;
using WellWon.Identity.Sessions;
using WellWon.Identity.Shredding;
using WellWon.Platform.Database;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Kernel;
using WellWon.Identity.Tests.Http;

namespace WellWon.Identity.Tests.Storage;

/// <summary>A fresh database with the event store's and Identity's migrations applied, and Identity's stores over it; dropped afterwards.</summary>
public sealed class IdentityDatabase : IAsyncLifetime
{
    private ServiceProvider? _services;

    public string Name { get; } = $"wellwon_identity_test_{Guid.NewGuid():N}";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public MasterKey MasterKey { get; } = new(RandomNumberGenerator.GetBytes(32));

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialised.");

    public async ValueTask InitializeAsync()
    {
        await IdentityApiFactory.CreateAsync(Name);
        DataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(IdentityApiFactory.ServerConnectionString) { Database = Name }.ConnectionString);
        await new DatabaseMigrator(DataSource, [new EventStoreMigrations(), new IdentityMigrations()], NullLogger<DatabaseMigrator>.Instance)
            .MigrateAsync(CancellationToken.None);

        _services = new ServiceCollection()
            .AddSingleton(DataSource)
            .AddSingleton(TimeProvider.System)
            .AddSingleton(MasterKey)
            .AddSingleton(new EventTypeRegistry([typeof(IdentityMigrations).Assembly]))
            .AddSingleton(Options.Create(new JwtOptions { SigningKey = new string('s', 40) }))
            .AddSingleton<UserKeyStore>()
            .AddSingleton<SessionStore>()
            .AddSingleton<OneTimeTokenStore>()
            .AddSingleton<ReadModel.UserProfileProjection>()
            .AddPostgresEventStore()
            .BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await DataSource.DisposeAsync();
        await IdentityApiFactory.DropAsync(Name);
    }
}
