using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Finance.Invoices.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Finance.Invoices.ReadModel;

/// <summary>An invoice with everything known of it: lines, the match per line with its reasons, approval, status.</summary>
public sealed record InvoiceView(
    Guid Id, Guid CompanyId, string Kind, string Status, Guid? PurchaseOrderId, string? PurchaseOrderNumber, Guid SupplierId, string SupplierName,
    string Number, DateOnly InvoiceDate, string Currency, IReadOnlyList<InvoiceLine> Lines, IReadOnlyList<ServiceLine> ServiceLines,
    decimal Net, decimal Vat, decimal Total, DateOnly DueDate, Guid? SourceDocumentId, IReadOnlyList<LineMatch> Match,
    SupplierInvoiceApproved? Approval, string? RejectReason, string? CancelReason, Guid ReceivedBy, DateTimeOffset ReceivedAt, DateTimeOffset UpdatedAt, long Version,
    decimal Paid, decimal Open)
{
    public static InvoiceView Of(Guid id, SupplierInvoiceState s, long version) => new(
        id, s.CompanyId, s.Kind, s.Status, s.PurchaseOrderId, s.PurchaseOrderNumber, s.SupplierId, s.SupplierName, s.Number, s.InvoiceDate, s.Currency,
        s.Lines, s.ServiceLines, s.Net, s.Vat, s.Total, s.DueDate, s.SourceDocumentId, s.Match, s.Approval, s.RejectReason, s.CancelReason,
        s.ReceivedBy, s.ReceivedAt, s.UpdatedAt, version, s.Paid, s.Open);
}

public sealed record InvoiceSummary(
    Guid Id, string Kind, string Status, string Number, Guid SupplierId, string SupplierName, Guid? PurchaseOrderId, string Currency, decimal Total,
    DateOnly InvoiceDate, DateOnly DueDate, DateTimeOffset UpdatedAt, decimal Paid, decimal Open);

public sealed record InvoicePage(IReadOnlyList<InvoiceSummary> Items, long Total);

public sealed record InvoiceFilter(string? Status = null, Guid? SupplierId = null, string? Supplier = null, Guid? PurchaseOrderId = null, int Limit = 50, int Offset = 0);

/// <summary>
/// <c>finance.supplier_invoices</c>: one row per invoice with the columns lists filter on and the whole state. As for purchase orders,
/// the next version is folded in, an older or repeated event changes nothing, one after a gap folds the stream from the event store,
/// so any order and repetition leave the same row and a replay rebuilds it.
/// </summary>
[SyncProjection] // the user who entered or approved an invoice reads it back at once
public sealed class SupplierInvoicesProjection(NpgsqlDataSource db, IEventStore events, EventTypeRegistry registry) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("finance", "supplier_invoices");

    public static readonly string StreamCategory = StreamName.CategoryOf(typeof(SupplierInvoice));

    public static readonly FrozenSet<string> Types = new[]
    {
        typeof(SupplierInvoiceReceived), typeof(SupplierInvoiceMatched), typeof(SupplierInvoiceApproved), typeof(SupplierInvoiceRejected), typeof(SupplierInvoiceCancelled),
        typeof(SupplierInvoicePaymentRecorded),
    }.Select(t => t.GetCustomAttribute<EventTypeAttribute>()!.Name).ToFrozenSet(StringComparer.Ordinal);

    public string Name => "finance.supplier-invoices";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id                uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            company_id        uuid        NOT NULL,
            kind              text        NOT NULL,
            status            text        NOT NULL,
            number            text        NOT NULL,
            supplier_id       uuid        NOT NULL,
            supplier_name     text        NOT NULL,
            purchase_order_id uuid,
            currency          text        NOT NULL,
            total             numeric     NOT NULL,
            invoice_date      date        NOT NULL,
            due_date          date        NOT NULL,
            updated_at        timestamptz NOT NULL,
            version           bigint      NOT NULL,
            state             jsonb       NOT NULL
        );
        CREATE INDEX {table.Index("by_company")} ON {table} (company_id, invoice_date DESC);
        CREATE INDEX {table.Index("by_po")} ON {table} (purchase_order_id);
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        if (!Types.Contains(e.EventType) || !e.StreamId.StartsWith(StreamCategory + "-", StringComparison.Ordinal)
            || registry.Deserialize(e.EventType, e.Data) is not { } change)
        {
            return;
        }

        var id = Guid.ParseExact(e.StreamId.AsSpan(StreamCategory.Length + 1), "N");
        var row = await ReadRowAsync(table, id, ct);
        if (row is { } current && current.Version >= e.StreamVersion)
        {
            return;
        }

        var state = row is { } previous && previous.Version == e.StreamVersion - 1 ? previous.State.When(change)
            : row is null && e.StreamVersion == 0 ? new SupplierInvoiceState().When(change)
            : await FoldAsync(e.StreamId, e.StreamVersion, ct);
        if (state.Exists)
        {
            await WriteAsync(table, id, state, e.StreamVersion, ct);
        }
    }

    public static SupplierInvoiceState ReadState(string json) => JsonSerializer.Deserialize<SupplierInvoiceState>(json, EventTypeRegistry.JsonOptions)!;

    private async Task<SupplierInvoiceState> FoldAsync(string stream, long upTo, CancellationToken ct)
    {
        var state = new SupplierInvoiceState();
        await foreach (var recorded in events.ReadStreamAsync(stream, 0, ReadDirection.Forwards, (int)Math.Min(upTo + 1, int.MaxValue), ct))
        {
            if (recorded.StreamVersion <= upTo && registry.Deserialize(recorded.EventType, recorded.Data) is { } e)
            {
                state = state.When(e);
            }
        }

        return state;
    }

    private async Task<(long Version, SupplierInvoiceState State)?> ReadRowAsync(ProjectionTable table, Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT version, state FROM {table} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), ReadState(reader.GetString(1))) : null;
    }

    // Only over an older version: the Api's sync run and the worker may race; the newer row stays.
    private async Task WriteAsync(ProjectionTable table, Guid id, SupplierInvoiceState s, long version, CancellationToken ct)
    {
        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t (id, company_id, kind, status, number, supplier_id, supplier_name, purchase_order_id, currency, total,
                                      invoice_date, due_date, updated_at, version, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            ON CONFLICT (id) DO UPDATE SET
                company_id = excluded.company_id, kind = excluded.kind, status = excluded.status, number = excluded.number,
                supplier_id = excluded.supplier_id, supplier_name = excluded.supplier_name, purchase_order_id = excluded.purchase_order_id,
                currency = excluded.currency, total = excluded.total, invoice_date = excluded.invoice_date, due_date = excluded.due_date,
                updated_at = excluded.updated_at, version = excluded.version, state = excluded.state
            WHERE t.version < excluded.version
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = id });
        p.Add(new NpgsqlParameter { Value = s.CompanyId });
        p.Add(new NpgsqlParameter { Value = s.Kind });
        p.Add(new NpgsqlParameter { Value = s.Status });
        p.Add(new NpgsqlParameter { Value = s.Number });
        p.Add(new NpgsqlParameter { Value = s.SupplierId });
        p.Add(new NpgsqlParameter { Value = s.SupplierName });
        p.Add(new NpgsqlParameter { Value = (object?)s.PurchaseOrderId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = s.Currency });
        p.Add(new NpgsqlParameter { Value = s.Total });
        p.Add(new NpgsqlParameter { Value = s.InvoiceDate });
        p.Add(new NpgsqlParameter { Value = s.DueDate });
        p.Add(new NpgsqlParameter { Value = s.UpdatedAt });
        p.Add(new NpgsqlParameter { Value = version });
        p.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(s, EventTypeRegistry.JsonOptions), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await upsert.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Reads <c>finance.supplier_invoices</c>.</summary>
public sealed class InvoiceReader(NpgsqlDataSource db)
{
    private static readonly string Invoices = SupplierInvoicesProjection.LiveTable.ToString();

    public async Task<InvoiceView?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT version, state FROM {Invoices} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? InvoiceView.Of(id, SupplierInvoicesProjection.ReadState(reader.GetString(1)), reader.GetInt64(0)) : null;
    }

    public async Task<InvoicePage> ListAsync(Guid companyId, InvoiceFilter f, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT id, kind, status, number, supplier_id, supplier_name, purchase_order_id, currency, total, invoice_date, due_date, updated_at, count(*) OVER (),
                   coalesce((state ->> 'paid')::numeric, 0), coalesce((state ->> 'open')::numeric, total)
            FROM {Invoices}
            WHERE company_id = $1
              AND ($2::text IS NULL OR status = $2)
              AND ($3::uuid IS NULL OR supplier_id = $3)
              AND ($4::text IS NULL OR supplier_name ILIKE '%' || $4 || '%')
              AND ($5::uuid IS NULL OR purchase_order_id = $5)
            ORDER BY invoice_date DESC, updated_at DESC, id
            LIMIT $6 OFFSET $7
            """);
        var p = select.Parameters;
        p.Add(new NpgsqlParameter { Value = companyId });
        p.Add(new NpgsqlParameter { Value = (object?)f.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)f.SupplierId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = (object?)Like(f.Supplier) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)f.PurchaseOrderId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = f.Limit });
        p.Add(new NpgsqlParameter { Value = f.Offset });
        var items = new List<InvoiceSummary>();
        long total = 0;
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new InvoiceSummary(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetGuid(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetGuid(6), reader.GetString(7), reader.GetDecimal(8), reader.GetFieldValue<DateOnly>(9),
                reader.GetFieldValue<DateOnly>(10), reader.GetFieldValue<DateTimeOffset>(11), reader.GetDecimal(13), reader.GetDecimal(14)));
            total = reader.GetInt64(12);
        }

        return new InvoicePage(items, total);
    }

    /// <summary>Every invoice entered against a purchase order (whatever its status), oldest first.</summary>
    public async Task<IReadOnlyList<Guid>> OfPurchaseOrderAsync(Guid purchaseOrderId, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT id FROM {Invoices} WHERE purchase_order_id = $1 ORDER BY (state ->> 'receivedAt'), id");
        select.Parameters.Add(new NpgsqlParameter { Value = purchaseOrderId });
        var ids = new List<Guid>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>What the live invoices of a purchase order bill per PO line (the PO's <c>invoiced</c> column).</summary>
    public async Task<IReadOnlyDictionary<int, decimal>> InvoicedAsync(Guid purchaseOrderId, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT (l ->> 'poLineNo')::int, sum((l ->> 'quantity')::numeric)
            FROM {Invoices}, jsonb_array_elements(state -> 'lines') AS l
            WHERE purchase_order_id = $1 AND status NOT IN ('rejected', 'cancelled')
            GROUP BY 1
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = purchaseOrderId });
        var invoiced = new Dictionary<int, decimal>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            invoiced[reader.GetInt32(0)] = reader.GetDecimal(1);
        }

        return invoiced;
    }

    private static string? Like(string? text) => string.IsNullOrWhiteSpace(text)
        ? null
        : text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
