using Npgsql;
using NpgsqlTypes;
using WellWon.Finance.PurchaseOrders.Domain;

namespace WellWon.Finance.PurchaseOrders.ReadModel;

/// <summary>
/// One line as screens show it: what was ordered and at what price, and how much is linked to shipments, shipped and received
/// (invoiced by live supplier invoices; paid stays 0 until payments exist).
/// </summary>
public sealed record PurchaseOrderLineView(
    int LineNo, string Description, string? Sku, string? HsCode, string Unit, decimal UnitPrice, decimal Amount,
    decimal Ordered, decimal Linked, decimal Shipped, decimal Received, decimal Invoiced, decimal Paid);

/// <summary>A purchase order with everything known of it.</summary>
public sealed record PurchaseOrderView(
    Guid Id,
    Guid CompanyId,
    string Number,
    string Status,
    Supplier Supplier,
    string Currency,
    decimal Total,
    IReadOnlyList<PurchaseOrderLineView> Lines,
    string Incoterm,
    string IncotermPlace,
    PaymentTerms PaymentTerms,
    IReadOnlyList<PaymentDue> Payments,
    ImportContract? Contract,
    DateOnly? ExpectedDelivery,
    ApprovalRecord? Approval,
    string? SupplierReference,
    string? CancelReason,
    IReadOnlyList<LineLink> Links,
    Guid CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    public static PurchaseOrderView Of(Guid id, PurchaseOrderState s, long version)
    {
        var t = s.Terms!;
        return new PurchaseOrderView(
            id, s.CompanyId, s.Number, s.Status, t.Supplier, t.Currency, t.Total,
            [.. t.Lines.Select(l => new PurchaseOrderLineView(
                l.LineNo, l.Description, l.Sku, l.HsCode, l.Unit, l.UnitPrice, Currencies.Round(l.Quantity * l.UnitPrice, t.Currency),
                l.Quantity, s.LinkedOf(l.LineNo), s.ShippedOf(l.LineNo), s.ReceivedOf(l.LineNo), 0m, 0m))],
            t.Incoterm, t.IncotermPlace, t.PaymentTerms, s.Payments, t.Contract, t.ExpectedDelivery, s.Approval, s.SupplierReference, s.CancelReason,
            s.Links, s.CreatedBy, s.CreatedAt, s.UpdatedAt, version);
    }
}

/// <summary>A row of a list of purchase orders.</summary>
public sealed record PurchaseOrderSummary(
    Guid Id, string Number, string Status, string? SupplierName, Guid? SupplierCompanyId, string Currency, decimal Total,
    string? ContractNumber, DateOnly? ExpectedDelivery, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A page of purchase orders and how many match in all.</summary>
public sealed record PurchaseOrderPage(IReadOnlyList<PurchaseOrderSummary> Items, long Total);

/// <summary>What a list is narrowed by: status, supplier (a WellWon company, or text in the name), contract number, currency, creation time.</summary>
public sealed record PurchaseOrderFilter(
    string? Status = null, string? Supplier = null, Guid? SupplierCompanyId = null, string? Contract = null, string? Currency = null,
    DateTimeOffset? CreatedFrom = null, DateTimeOffset? CreatedTo = null, int Limit = 50, int Offset = 0);

/// <summary>The company's approval limit for managers; null when none is set (only admins approve).</summary>
public sealed record ApprovalSettings(Guid CompanyId, decimal? ManagerLimitRub, Guid? SetBy, DateTimeOffset? SetAt);

/// <summary>Reads <c>finance.purchase_orders</c> and <c>finance.po_settings</c>.</summary>
public sealed class PurchaseOrderReader(NpgsqlDataSource db, Invoices.ReadModel.InvoiceReader invoices)
{
    private static readonly string Orders = PurchaseOrdersProjection.LiveTable.ToString();
    private static readonly string Settings = PurchaseOrderSettingsProjection.LiveTable.ToString();

    /// <summary>The purchase order, or null when it does not exist (or the read model has not seen it yet).</summary>
    public async Task<PurchaseOrderView?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT version, state FROM {Orders} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var order = PurchaseOrderView.Of(id, PurchaseOrdersProjection.ReadState(reader.GetString(1)), reader.GetInt64(0));
        await reader.DisposeAsync();
        // What supplier invoices bill per line comes from their own read model.
        var invoiced = await invoices.InvoicedAsync(id, ct);
        return order with { Lines = [.. order.Lines.Select(l => l with { Invoiced = invoiced.GetValueOrDefault(l.LineNo) })] };
    }

    /// <summary>The company's purchase orders matching <paramref name="f"/>, newest first.</summary>
    public async Task<PurchaseOrderPage> ListAsync(Guid companyId, PurchaseOrderFilter f, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT id, number, status, supplier_name, supplier_company_id, currency, total, contract_number, expected_delivery, created_at, updated_at,
                   count(*) OVER ()
            FROM {Orders}
            WHERE company_id = $1
              AND ($2::text IS NULL OR status = $2)
              AND ($3::text IS NULL OR supplier_name ILIKE '%' || $3 || '%')
              AND ($4::uuid IS NULL OR supplier_company_id = $4)
              AND ($5::text IS NULL OR upper(contract_number) = upper($5))
              AND ($6::text IS NULL OR currency = $6)
              AND ($7::timestamptz IS NULL OR created_at >= $7)
              AND ($8::timestamptz IS NULL OR created_at < $8)
            ORDER BY created_at DESC, number DESC
            LIMIT $9 OFFSET $10
            """);
        var p = select.Parameters;
        p.Add(new NpgsqlParameter { Value = companyId });
        p.Add(new NpgsqlParameter { Value = (object?)f.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)Like(f.Supplier) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)f.SupplierCompanyId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = (object?)f.Contract ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)f.Currency?.ToUpperInvariant() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)f.CreatedFrom ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = (object?)f.CreatedTo ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = f.Limit });
        p.Add(new NpgsqlParameter { Value = f.Offset });
        var items = new List<PurchaseOrderSummary>();
        long total = 0;
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new PurchaseOrderSummary(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.GetString(5), reader.GetDecimal(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8), reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10)));
            total = reader.GetInt64(11);
        }

        return new PurchaseOrderPage(items, total);
    }

    public async Task<ApprovalSettings> SettingsAsync(Guid companyId, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT manager_limit_rub, set_by, set_at FROM {Settings} WHERE company_id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new ApprovalSettings(companyId, reader.IsDBNull(0) ? null : reader.GetDecimal(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2))
            : new ApprovalSettings(companyId, null, null, null);
    }

    // The user's text is matched literally: % and _ are escaped.
    private static string? Like(string? text) => string.IsNullOrWhiteSpace(text)
        ? null
        : text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
