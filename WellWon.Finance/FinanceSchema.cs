using WellWon.Finance.Invoices;
using WellWon.Finance.Ledger.ReadModel;
using WellWon.Finance.Numbering;
using WellWon.Finance.Payables;
using WellWon.Finance.Receivables;
using WellWon.Finance.PurchaseOrders;
using WellWon.Platform.Database;

namespace WellWon.Finance;

/// <summary>The <c>finance</c> schema: the ledger's read models (accounts, movements, journal); purchase orders and invoices add theirs.</summary>
public static class FinanceSchema
{
    public const string Module = "finance";

    public const string Schema = "CREATE SCHEMA IF NOT EXISTS finance;";
}

/// <summary>The <c>finance</c> module's migrations, in order; an applied one is never edited, a new version is added instead.</summary>
public sealed class FinanceMigrations : IMigrationSource
{
    public IEnumerable<Migration> Migrations { get; } =
    [
        new(FinanceSchema.Module, 1, "create the ledger's read models",
            FinanceSchema.Schema
            + LedgerAccountsProjection.CreateSql(LedgerAccountsProjection.LiveTable)
            + LedgerMovementsProjection.CreateSql(LedgerMovementsProjection.LiveTable)
            + LedgerEntriesProjection.CreateSql(LedgerEntriesProjection.LiveTable)),
        PurchaseOrdersModule.Migration(2),
        InvoicesModule.Migration(3),
        // Versions from 20 on are the payables' and receivables', so parallel work on the ledger and payments numbers its own below.
        PayablesModule.Migration(20),
        GapFreeNumbers.Migration(21),
        ReceivablesModule.Migration(22),
        PurchaseOrderNumbers.MoveMigration(23),
    ];
}

/// <summary>
/// The ledger's rouble columns, a module of their own so its versions never meet those the rest of Finance adds; registered after
/// <see cref="FinanceMigrations"/>, whose tables it changes.
/// </summary>
public sealed class LedgerFunctionalMigrations : IMigrationSource
{
    public const string Module = "finance-ledger-rub";

    public IEnumerable<Migration> Migrations { get; } =
    [
        new(Module, 1, "rouble equivalents of the ledger's posted movements", LedgerMovementsProjection.RubColumnsSql(LedgerMovementsProjection.LiveTable)),
    ];
}
