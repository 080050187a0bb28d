using Npgsql;
using WellWon.Finance.Numbering;
using WellWon.Finance.PurchaseOrders;

namespace WellWon.Finance.Tests.Numbering;

/// <summary>
/// The migration that moves purchase order numbers into the gap-free series keeps every number as it was (used, reserved, free) and
/// every counter, so the next PO takes a freed number first and then continues after the last one handed out.
/// </summary>
public sealed class PurchaseOrderNumbersMoveTests : IAsyncLifetime
{
    private readonly string _database = $"wellwon_numbers_test_{Guid.NewGuid():N}";
    private NpgsqlDataSource? _db;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private NpgsqlDataSource Db => _db!;

    public async ValueTask InitializeAsync()
    {
        await TestInfrastructure.CreateDatabaseAsync(_database);
        _db = NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(_database));
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }

        await TestInfrastructure.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task Every_number_and_counter_is_kept_and_numbering_continues_without_gaps()
    {
        var (company, other) = (Guid.NewGuid(), Guid.NewGuid());
        var (first, second, reserved) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await ExecuteAsync(FinanceSchema.Schema + PurchaseOrderNumbers.Sql + GapFreeNumbers.Sql);
        await ExecuteAsync($"""
            INSERT INTO finance.po_number_counters VALUES ('{company}', 2026, 4), ('{other}', 2026, 1);
            INSERT INTO finance.po_numbers VALUES
                ('{company}', 2026, 1, '{first}', 'used', now()),
                ('{company}', 2026, 2, NULL, 'free', NULL),
                ('{company}', 2026, 3, '{second}', 'used', now()),
                ('{company}', 2026, 4, '{reserved}', 'reserved', now()),
                ('{other}', 2026, 1, '{Guid.NewGuid()}', 'used', now());
            """);

        await ExecuteAsync(PurchaseOrderNumbers.MoveSql);

        var numbers = new GapFreeNumbers(Db);
        Assert.Equal((2026, 1, "used"), await numbers.NumberOfAsync(PurchaseOrderNumbers.Series, first, Ct));
        Assert.Equal((2026, 3, "used"), await numbers.NumberOfAsync(PurchaseOrderNumbers.Series, second, Ct));
        Assert.Equal((2026, 4, "reserved"), await numbers.NumberOfAsync(PurchaseOrderNumbers.Series, reserved, Ct));
        AbandonNumber never = (_, _, _, _, _, _) => throw new InvalidOperationException("No reservation is stale.");
        Assert.Equal(2, await numbers.ReserveAsync(PurchaseOrderNumbers.Series, company, 2026, Guid.NewGuid(), never, Ct));
        Assert.Equal(5, await numbers.ReserveAsync(PurchaseOrderNumbers.Series, company, 2026, Guid.NewGuid(), never, Ct));
        Assert.Equal(2, await numbers.ReserveAsync(PurchaseOrderNumbers.Series, other, 2026, Guid.NewGuid(), never, Ct));
        Assert.Equal(1, await numbers.ReserveAsync("INV", company, 2026, Guid.NewGuid(), never, Ct)); // another series counts on its own
        await using var old = Db.CreateCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'finance' AND tablename LIKE 'po_number%'");
        Assert.Equal(0L, await old.ExecuteScalarAsync(Ct));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = Db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
