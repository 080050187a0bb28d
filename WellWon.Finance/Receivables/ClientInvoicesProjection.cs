using System.Collections.Frozen;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Finance.Ledger.ReadModel;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Finance.Receivables;

/// <summary>An invoice to a client as the screens show it.</summary>
public sealed record ClientInvoiceView(
    Guid Id, Guid CompanyId, string? Number, string Status, InvoiceClient Client, string Currency, DateOnly? IssueDate, DateOnly DueDate,
    IReadOnlyList<ClientInvoiceLineView> Lines, decimal Net, decimal Vat, decimal Total, string? CancelReason, DateTimeOffset CreatedAt,
    DateTimeOffset? IssuedAt, DateTimeOffset UpdatedAt, long Version, decimal Paid, decimal Open, IReadOnlyList<ClientReceiptView> Receipts)
{
    public static ClientInvoiceView Of(Guid id, ClientInvoiceState s, long version) => new(
        id, s.CompanyId, s.Number, s.Status, s.Client, s.Currency, s.IssueDate, s.DueDate,
        [.. s.Lines.Select(l => new ClientInvoiceLineView(l.Description, l.Quantity, l.UnitPrice, l.VatRate, l.ShipmentId, l.Net, l.Vat, l.Total))],
        s.Net, s.Vat, s.Total, s.CancelReason, s.CreatedAt, s.IssuedAt, s.UpdatedAt, version,
        s.Paid, s.Status == ClientInvoiceStatuses.Cancelled ? 0m : s.Open,
        [.. s.Receipts.Select(r => new ClientReceiptView(r.ReceiptId, r.Amount, r.ReceivedOn, r.Reference, r.At, ReceivablePosting.ReceiptEntryIdOf(id, r.ReceiptId)))]);
}

/// <summary>A payment received against the invoice and the ledger entry it was posted as.</summary>
public sealed record ClientReceiptView(Guid ReceiptId, decimal Amount, DateOnly ReceivedOn, string? Reference, DateTimeOffset RecordedAt, Guid EntryId);

public sealed record ClientInvoiceLineView(string Description, decimal Quantity, decimal UnitPrice, int VatRate, Guid? ShipmentId, decimal Net, decimal Vat, decimal Total);

/// <summary>
/// <c>finance.client_invoices</c>: one row per invoice to a client with the columns lists sort on and the whole state. Each event
/// folds the invoice's stream up to it and writes over an older version only, so any order and repetition leave the same row.
/// </summary>
[SyncProjection] // the admin who drafts or issues an invoice reads it back at once
public sealed class ClientInvoicesProjection(NpgsqlDataSource db, IEventStore events, EventTypeRegistry registry) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("finance", "client_invoices");

    public static readonly string StreamCategory = StreamName.CategoryOf(typeof(ClientInvoice));

    private static readonly FrozenSet<string> Types =
        LedgerEventTypes.Of(typeof(ClientInvoiceDrafted), typeof(ClientInvoiceIssued), typeof(ClientInvoiceCancelled), typeof(ClientInvoiceNumberReleased),
            typeof(ClientInvoicePaymentReceived));

    public string Name => "finance.client-invoices";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id          uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            company_id  uuid        NOT NULL,
            status      text        NOT NULL,
            number      text,
            client_name text        NOT NULL,
            currency    text        NOT NULL,
            total       numeric     NOT NULL,
            issue_date  date,
            due_date    date        NOT NULL,
            created_at  timestamptz NOT NULL,
            version     bigint      NOT NULL,
            state       jsonb       NOT NULL
        );
        CREATE INDEX {table.Index("by_company")} ON {table} (company_id, created_at DESC);
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        if (!Types.Contains(e.EventType) || !e.StreamId.StartsWith(StreamCategory + "-", StringComparison.Ordinal))
        {
            return;
        }

        var id = Guid.ParseExact(e.StreamId.AsSpan(StreamCategory.Length + 1), "N");
        await using (var current = db.CreateCommand($"SELECT version FROM {table} WHERE id = $1"))
        {
            current.Parameters.Add(new NpgsqlParameter { Value = id });
            if (await current.ExecuteScalarAsync(ct) is long version && version >= e.StreamVersion)
            {
                return;
            }
        }

        var s = new ClientInvoiceState();
        await foreach (var recorded in events.ReadStreamAsync(e.StreamId, 0, ReadDirection.Forwards, (int)Math.Min(e.StreamVersion + 1, int.MaxValue), ct))
        {
            if (recorded.StreamVersion <= e.StreamVersion && registry.Deserialize(recorded.EventType, recorded.Data) is { } change)
            {
                s = s.When(change);
            }
        }

        if (!s.Exists)
        {
            return;
        }

        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t (id, company_id, status, number, client_name, currency, total, issue_date, due_date, created_at, version, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (id) DO UPDATE SET
                company_id = excluded.company_id, status = excluded.status, number = excluded.number, client_name = excluded.client_name,
                currency = excluded.currency, total = excluded.total, issue_date = excluded.issue_date, due_date = excluded.due_date,
                created_at = excluded.created_at, version = excluded.version, state = excluded.state
            WHERE t.version < excluded.version
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = id });
        p.Add(new NpgsqlParameter { Value = s.CompanyId });
        p.Add(new NpgsqlParameter { Value = s.Status });
        p.Add(new NpgsqlParameter { Value = (object?)s.Number ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = s.Client.Name });
        p.Add(new NpgsqlParameter { Value = s.Currency });
        p.Add(new NpgsqlParameter { Value = s.Total });
        p.Add(new NpgsqlParameter { Value = (object?)s.IssueDate ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        p.Add(new NpgsqlParameter { Value = s.DueDate });
        p.Add(new NpgsqlParameter { Value = s.CreatedAt });
        p.Add(new NpgsqlParameter { Value = e.StreamVersion });
        p.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(s, EventTypeRegistry.JsonOptions), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await upsert.ExecuteNonQueryAsync(ct);
    }

    public static ClientInvoiceState ReadState(string json) => JsonSerializer.Deserialize<ClientInvoiceState>(json, EventTypeRegistry.JsonOptions)!;
}

/// <summary>Reads <c>finance.client_invoices</c>.</summary>
public sealed class ClientInvoiceReader(NpgsqlDataSource db)
{
    public async Task<ClientInvoiceView?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT version, state FROM {ClientInvoicesProjection.LiveTable} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ClientInvoiceView.Of(id, ClientInvoicesProjection.ReadState(reader.GetString(1)), reader.GetInt64(0)) : null;
    }

    public async Task<IReadOnlyList<ClientInvoiceView>> ListAsync(Guid companyId, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT id, version, state FROM {ClientInvoicesProjection.LiveTable} WHERE company_id = $1 ORDER BY created_at DESC, id");
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        var list = new List<ClientInvoiceView>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(ClientInvoiceView.Of(reader.GetGuid(0), ClientInvoicesProjection.ReadState(reader.GetString(2)), reader.GetInt64(1)));
        }

        return list;
    }
}
