using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WellWon.Companies.ReadModel;
using WellWon.Platform.Database;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Kernel;

namespace WellWon.Companies.Tests.ReadModel;

/// <summary>A fresh database with the event store's and Companies' migrations applied and Companies' projections over it; dropped afterwards.</summary>
public sealed class CompaniesDatabase : IAsyncLifetime
{
    public string Name { get; } = $"wellwon_companies_test_{Guid.NewGuid():N}";

    private bool _created;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public EventTypeRegistry Registry { get; } = new([typeof(CompaniesModule).Assembly]);

    public CompanyDirectoryProjection Directory { get; private set; } = null!;

    public ParticipantsProjection Participants { get; private set; } = null!;

    public InvitationsProjection Invitations { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await TestInfrastructure.CreateDatabaseAsync(Name);
        _created = true;
        DataSource = NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(Name));
        await new DatabaseMigrator(DataSource, [new EventStoreMigrations(), new CompaniesMigrations()], NullLogger<DatabaseMigrator>.Instance)
            .MigrateAsync(CancellationToken.None);
        Directory = new CompanyDirectoryProjection(DataSource, Registry);
        Participants = new ParticipantsProjection(DataSource, Registry);
        Invitations = new InvitationsProjection(DataSource, Registry);
    }

    public async ValueTask DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }

        // Nothing to drop when the database could not even be created (no test PostgreSQL configured).
        if (_created)
        {
            await TestInfrastructure.DropDatabaseAsync(Name);
        }
    }
}
