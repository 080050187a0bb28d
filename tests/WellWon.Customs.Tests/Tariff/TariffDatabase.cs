using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WellWon.Customs.Tariff;
using WellWon.Platform.Database;

namespace WellWon.Customs.Tests.Tariff;

/// <summary>A fresh database with the customs schema migrated and the tariff seeded once, for one test class.</summary>
public sealed class TariffDatabase : IAsyncLifetime
{
    private readonly string _name = $"ww_customs_tariff_{Guid.NewGuid():N}";

    public NpgsqlDataSource Db { get; private set; } = null!;

    public TariffReader Reader => new(Db);

    public TariffSeeder Seeder() => new(Db, TimeProvider.System, NullLogger<TariffSeeder>.Instance);

    public async ValueTask InitializeAsync()
    {
        await TestInfrastructure.CreateDatabaseAsync(_name);
        Db = NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(_name));
        await new DatabaseMigrator(Db, [new CustomsMigrations()], NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        await Seeder().SeedAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        await TestInfrastructure.DropDatabaseAsync(_name);
    }

    public async Task<long> CountAsync(string table)
    {
        await using var cmd = Db.CreateCommand($"SELECT count(*) FROM customs.{table}");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
