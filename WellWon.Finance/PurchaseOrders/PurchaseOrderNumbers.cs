using WellWon.Finance.Numbering;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Finance.PurchaseOrders;

/// <summary>
/// Purchase order numbers without gaps: <c>PO-2026-000001</c>, counted per company and calendar year (UTC) from 1, the way shipments
/// number themselves: the <c>PO</c> series of <see cref="GapFreeNumbers"/>. A reservation left open (a crash) is settled by a
/// tombstone appended with "no stream" expected: if it wins the PO never existed and never can, so the number is freed; if it loses
/// the PO exists and the number is used.
/// </summary>
public sealed class PurchaseOrderNumbers(GapFreeNumbers numbers, IAggregateStore store, TimeProvider clock)
{
    public const string Series = "PO";

    public static readonly TimeSpan ReservationTimeout = GapFreeNumbers.ReservationTimeout;

    /// <summary>The tables purchase order numbers were first kept in (applied by migration 2); <see cref="MoveSql"/> moved them into the series.</summary>
    public const string Sql = """
        -- The highest purchase order number handed out per company and year.
        CREATE TABLE finance.po_number_counters (
            company_id  uuid    NOT NULL,
            year        integer NOT NULL,
            last_number integer NOT NULL,
            PRIMARY KEY (company_id, year)
        );

        -- Every number handed out: reserved for a purchase order being created, used by it, or free to be handed out again.
        CREATE TABLE finance.po_numbers (
            company_id        uuid        NOT NULL,
            year              integer     NOT NULL,
            number            integer     NOT NULL,
            purchase_order_id uuid,
            state             text        NOT NULL CHECK (state IN ('reserved', 'used', 'free')),
            reserved_at       timestamptz,
            PRIMARY KEY (company_id, year, number),
            CHECK ((state = 'free') = (purchase_order_id IS NULL))
        );
        CREATE UNIQUE INDEX po_numbers_by_order ON finance.po_numbers (purchase_order_id);
        CREATE INDEX po_numbers_open ON finance.po_numbers (company_id, year, number) WHERE state <> 'used';
        """;

    /// <summary>Moves every number and counter of the first tables into the <c>PO</c> series of <see cref="GapFreeNumbers"/>, keeping each as it was.</summary>
    public const string MoveSql = """
        INSERT INTO finance.number_counters (series, company_id, year, last_number)
        SELECT 'PO', company_id, year, last_number FROM finance.po_number_counters
        ON CONFLICT (series, company_id, year) DO UPDATE SET last_number = greatest(finance.number_counters.last_number, excluded.last_number);
        INSERT INTO finance.numbers (series, company_id, year, number, owner_id, state, reserved_at)
        SELECT 'PO', company_id, year, number, purchase_order_id, state, reserved_at FROM finance.po_numbers
        ON CONFLICT (series, company_id, year, number) DO NOTHING;
        DROP TABLE finance.po_numbers;
        DROP TABLE finance.po_number_counters;
        """;

    public static Platform.Database.Migration MoveMigration(int version) =>
        new(FinanceSchema.Module, version, "move purchase order numbers into the gap-free series", MoveSql);

    public static string Format(int year, int number) => GapFreeNumbers.Format(Series, year, number);

    /// <summary>The number reserved for <paramref name="purchaseOrderId"/> (the same one when asked again for the same id).</summary>
    public Task<int> ReserveAsync(Guid companyId, int year, Guid purchaseOrderId, CancellationToken ct) =>
        numbers.ReserveAsync(Series, companyId, year, purchaseOrderId, AbandonAsync, ct);

    /// <summary>The purchase order was created: its number is used for good.</summary>
    public Task ConfirmAsync(Guid purchaseOrderId, CancellationToken ct) => numbers.ConfirmAsync(Series, purchaseOrderId, ct);

    /// <summary>Creating the purchase order failed: its number goes back, unless its stream was written after all.</summary>
    public Task GiveBackAsync(Guid purchaseOrderId, CancellationToken ct) => numbers.GiveBackAsync(Series, purchaseOrderId, AbandonAsync, ct);

    private async Task<bool> AbandonAsync(Guid purchaseOrderId, Guid companyId, string series, int year, int number, CancellationToken ct)
    {
        try
        {
            await store.SaveAsync(PurchaseOrder.Abandon(purchaseOrderId, companyId, GapFreeNumbers.Format(series, year, number), clock.GetUtcNow()), ct);
            return true;
        }
        catch (WrongExpectedVersionException)
        {
            // The stream exists: either the PO was created after all, or another settler wrote the tombstone first.
            var order = await store.TryLoadAsync<PurchaseOrder>(purchaseOrderId, ct);
            return order is not { Exists: true };
        }
    }
}
