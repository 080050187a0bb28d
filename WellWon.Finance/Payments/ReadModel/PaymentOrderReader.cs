using Npgsql;
using NpgsqlTypes;
using WellWon.Finance.Payments.Domain;

namespace WellWon.Finance.Payments.ReadModel;

public sealed record PaymentPurposeView(string Kind, Guid Id, string Label);

public sealed record QuoteView(string QuoteId, decimal BankRate, decimal OfficialRate, decimal SpreadRub, decimal RubAmount, DateTimeOffset ValidUntil);

public sealed record FailureView(string Step, string Reason);

public sealed record StepView(string Step, string Status, DateTimeOffset? At, string? Detail);

/// <summary>A line of the payment orders' list.</summary>
public sealed record PaymentOrderSummary(
    Guid Id, string Number, PaymentPurposeView Purpose, string BeneficiaryName, decimal Amount, string Currency, decimal? RubAmount, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

public sealed record PaymentOrderPage(IReadOnlyList<PaymentOrderSummary> Items, long Total);

/// <summary>A payment order with its quote, failure and every step (the shape of FINANCE-API.md).</summary>
public sealed record PaymentOrderView(
    Guid Id, string Number, PaymentPurposeView Purpose, string BeneficiaryName, decimal Amount, string Currency, decimal? RubAmount, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, Beneficiary Beneficiary, string PurposeText, string? ContractRegistrationNumber,
    QuoteView? Quote, string? BankReference, FailureView? Failure, IReadOnlyList<StepView> Steps)
{
    public static PaymentOrderView Of(Guid id, PaymentOrderState s) => new(
        id, s.Number, new PaymentPurposeView(s.PurposeKind, s.PurposeId, s.PurposeLabel), s.Beneficiary.Name, s.Amount, s.Currency, s.RubAmount, s.Status,
        s.CreatedAt, s.CompletedAt, s.Beneficiary, s.PurposeText, s.ContractRegistrationNumber,
        s.Quote is { } q ? new QuoteView(q.QuoteId, q.BankRate, q.OfficialRate, q.SpreadRub, q.RubAmount, q.ValidUntil) : null,
        s.BankReference, s.Failure is { } f ? new FailureView(f.Step, f.Reason) : null,
        [.. s.Steps.Select(p => new StepView(p.Step, p.Status, p.At, p.Detail))]);
}

/// <summary>Reads <c>finance.payment_orders</c>.</summary>
public sealed class PaymentOrderReader(NpgsqlDataSource db)
{
    private static readonly string Orders = PaymentOrdersProjection.LiveTable.ToString();

    public async Task<(Guid CompanyId, PaymentOrderView View)?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT state FROM {Orders} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var state = PaymentOrdersProjection.ReadState(reader.GetString(0));
        return (state.CompanyId, PaymentOrderView.Of(id, state));
    }

    public async Task<PaymentOrderPage> ListAsync(Guid companyId, string? status, int limit, int offset, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT id, state, count(*) OVER () FROM {Orders}
            WHERE company_id = $1 AND ($2::text IS NULL OR status = $2)
            ORDER BY created_at DESC, number DESC
            LIMIT $3 OFFSET $4
            """);
        var p = select.Parameters;
        p.Add(new NpgsqlParameter { Value = companyId });
        p.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = limit });
        p.Add(new NpgsqlParameter { Value = offset });
        var items = new List<PaymentOrderSummary>();
        long total = 0;
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var v = PaymentOrderView.Of(reader.GetGuid(0), PaymentOrdersProjection.ReadState(reader.GetString(1)));
            items.Add(new PaymentOrderSummary(v.Id, v.Number, v.Purpose, v.BeneficiaryName, v.Amount, v.Currency, v.RubAmount, v.Status, v.CreatedAt, v.CompletedAt));
            total = reader.GetInt64(2);
        }

        return new PaymentOrderPage(items, total);
    }

    /// <summary>What other live orders (not failed or cancelled) pay towards <paramref name="purposeId"/>, apart from <paramref name="except"/>.</summary>
    public async Task<decimal> CommittedAsync(Guid purposeId, Guid except, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT coalesce(sum(amount), 0) FROM {Orders} WHERE purpose_id = $1 AND id <> $2 AND status NOT IN ('failed', 'cancelled')");
        select.Parameters.Add(new NpgsqlParameter { Value = purposeId });
        select.Parameters.Add(new NpgsqlParameter { Value = except });
        return (decimal)(await select.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The completed prepayments of a purchase order in <paramref name="currency"/>: what 1310.{ccy} received for it.</summary>
    public async Task<IReadOnlyList<(Guid Id, decimal Amount)>> CompletedPrepaymentsAsync(Guid purchaseOrderId, string currency, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT id, amount FROM {Orders} WHERE purpose_id = $1 AND purpose_kind = $2 AND currency = $3 AND status = 'completed'");
        select.Parameters.Add(new NpgsqlParameter { Value = purchaseOrderId });
        select.Parameters.Add(new NpgsqlParameter { Value = PaymentPurposes.Prepayment });
        select.Parameters.Add(new NpgsqlParameter { Value = currency });
        var found = new List<(Guid, decimal)>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add((reader.GetGuid(0), reader.GetDecimal(1)));
        }

        return found;
    }

    /// <summary>Orders not finished whose last step is older than <paramref name="before"/>: the confirmations job's work.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Status, DateTimeOffset UpdatedAt)>> InFlightAsync(DateTimeOffset before, int limit, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT id, status, updated_at FROM {Orders}
            WHERE status NOT IN ('completed', 'failed', 'cancelled') AND (status = 'sent' OR updated_at < $1)
            ORDER BY updated_at LIMIT $2
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = before });
        select.Parameters.Add(new NpgsqlParameter { Value = limit });
        var found = new List<(Guid, string, DateTimeOffset)>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add((reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return found;
    }
}
