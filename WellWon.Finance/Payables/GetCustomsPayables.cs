using FluentValidation;
using Mediator;
using Npgsql;
using NpgsqlTypes;
using WellWon.Finance.Payments;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Payables;

/// <summary>A payable to customs of one declaration, in roubles; paid once completed customs payments cover its total.</summary>
public sealed record CustomsPayableView(
    Guid Id, Guid DeclarationId, string? RegistrationNumber, decimal Duty, decimal Excise, decimal Vat, decimal Fees, decimal Total, string Currency,
    string Status, DateTimeOffset? PaidAt, Guid? PaymentOrderId)
{
    internal Guid? ShipmentId { get; init; }

    internal DateTimeOffset RegisteredAt { get; init; }

    internal decimal Paid { get; init; }
}

/// <summary>
/// The company's customs payables, or one declaration's (<c>GET /api/finance/customs-payables?companyId=&amp;declarationId=</c>);
/// participants only, outsiders are told the company does not exist.
/// </summary>
public sealed record GetCustomsPayables(Guid UserId, Guid? CompanyId, Guid? DeclarationId = null) : IQuery<IReadOnlyList<CustomsPayableView>>, IRequireAuthenticatedUser;

public sealed class GetCustomsPayablesValidator : AbstractValidator<GetCustomsPayables>
{
    public GetCustomsPayablesValidator() => RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose payables to read (companyId).");
}

public sealed class GetCustomsPayablesHandler(CustomsPayablesReader reader, ICompanyAccess access) : IQueryHandler<GetCustomsPayables, IReadOnlyList<CustomsPayableView>>
{
    public async ValueTask<IReadOnlyList<CustomsPayableView>> Handle(GetCustomsPayables query, CancellationToken cancellationToken)
    {
        var companyId = query.CompanyId!.Value;
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        return await reader.ListAsync(companyId, query.DeclarationId, null, null, cancellationToken);
    }
}

/// <summary>Reads <c>finance.customs_payables</c> with what completed payments settled of each, as of a moment when asked.</summary>
public sealed class CustomsPayablesReader(NpgsqlDataSource db)
{
    public const string Open = "open";
    public const string Paid = "paid";

    public async Task<IReadOnlyList<CustomsPayableView>> ListAsync(Guid companyId, Guid? declarationId, Guid? shipmentId, DateTimeOffset? asOf, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"""
            SELECT c.id, c.declaration_id, c.registration_number, c.duty, c.excise, c.vat, c.fees, c.total, c.shipment_id, c.registered_at,
                   coalesce(s.paid, 0), s.paid_at, s.last_order
            FROM {CustomsPayablesProjection.LiveTable} c
            LEFT JOIN LATERAL (
                SELECT sum(amount) AS paid, max(completed_at) AS paid_at,
                       (array_agg(payment_order_id ORDER BY completed_at DESC, payment_order_id))[1] AS last_order
                FROM {PaymentSettlementsProjection.LiveTable}
                WHERE purpose_kind = $5 AND purpose_id = c.id AND company_id = c.company_id AND ($4::timestamptz IS NULL OR completed_at <= $4)
            ) s ON true
            WHERE c.company_id = $1 AND ($2::uuid IS NULL OR c.declaration_id = $2) AND ($3::uuid IS NULL OR c.shipment_id = $3)
              AND ($4::timestamptz IS NULL OR c.registered_at <= $4)
            ORDER BY c.registered_at, c.id
            """);
        var p = select.Parameters;
        p.Add(new NpgsqlParameter { Value = companyId });
        p.Add(new NpgsqlParameter { Value = (object?)declarationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = (object?)shipmentId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = (object?)asOf ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = PaymentPurposes.CustomsPayable });
        var rows = new List<CustomsPayableView>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var total = reader.GetDecimal(7);
            var paid = reader.GetDecimal(10);
            var settled = total > 0m && paid >= total;
            rows.Add(new CustomsPayableView(
                reader.GetGuid(0), reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetDecimal(3), reader.GetDecimal(4),
                reader.GetDecimal(5), reader.GetDecimal(6), total, Currencies.Rub, settled ? Paid : Open,
                settled ? reader.GetFieldValue<DateTimeOffset>(11) : null, reader.IsDBNull(12) ? null : reader.GetGuid(12))
            {
                ShipmentId = reader.IsDBNull(8) ? null : reader.GetGuid(8),
                RegisteredAt = reader.GetFieldValue<DateTimeOffset>(9),
                Paid = paid,
            });
        }

        return rows;
    }
}
