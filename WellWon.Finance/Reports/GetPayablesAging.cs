using FluentValidation;
using Mediator;
using Npgsql;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Invoices.ReadModel;
using WellWon.Finance.Payables;
using WellWon.Finance.Payments;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Reports;

public static class AgingBuckets
{
    public const string Current = "current";
    public const string Days1To30 = "1-30";
    public const string Days31To60 = "31-60";
    public const string Days61To90 = "61-90";
    public const string Over90 = "90+";

    public static string Of(int daysOverdue) => daysOverdue switch
    {
        <= 0 => Current,
        <= 30 => Days1To30,
        <= 60 => Days31To60,
        <= 90 => Days61To90,
        _ => Over90,
    };

    /// <summary>Whole days past <paramref name="due"/> on <paramref name="asOf"/>; nothing is late before or on its due day.</summary>
    public static int DaysOverdue(DateOnly asOf, DateOnly due) => Math.Max(0, asOf.DayNumber - due.DayNumber);

    /// <summary>Open amounts summed per currency and bucket, currencies in code order: amounts of different currencies are never added together.</summary>
    public static IReadOnlyList<AgingTotals> Totals<T>(IEnumerable<T> rows, Func<T, string> currency, Func<T, string> bucket, Func<T, decimal> open) =>
        rows.GroupBy(currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            decimal Sum(string b) => g.Where(r => bucket(r) == b).Sum(open);
            return new AgingTotals(g.Key, Sum(Current), Sum(Days1To30), Sum(Days31To60), Sum(Days61To90), Sum(Over90), g.Sum(open));
        }).ToList();
}

/// <summary>One open payable: a supplier invoice or a declaration's customs payments, with what is still unpaid and how late it is.</summary>
public sealed record PayableRow(
    string Kind, Guid Id, string Party, string Reference, string Currency, decimal Amount, decimal Open, DateOnly DueDate, int DaysOverdue, string Bucket);

/// <summary>The open amounts of one currency by bucket of days past due.</summary>
public sealed record AgingTotals(string Currency, decimal Current, decimal D1to30, decimal D31to60, decimal D61to90, decimal Over90, decimal Total);

public sealed record PayablesAging(DateOnly AsOf, IReadOnlyList<PayableRow> Rows, IReadOnlyList<AgingTotals> Totals);

/// <summary>
/// What the company owes as of a day (<c>GET /api/finance/payables?companyId=&amp;asOf=</c>, today when no day is named): approved
/// supplier invoices less what completed payments paid against them, and customs payables less the customs payments, each open one
/// in a bucket of days past its due date (a customs payable is due on registration), with totals per currency; participants only.
/// </summary>
public sealed record GetPayablesAging(Guid UserId, Guid? CompanyId, DateOnly? AsOf) : IQuery<PayablesAging>, IRequireAuthenticatedUser;

public sealed class GetPayablesAgingValidator : AbstractValidator<GetPayablesAging>
{
    public GetPayablesAgingValidator() => RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose payables to read (companyId).");
}

public sealed class GetPayablesAgingHandler(NpgsqlDataSource db, CustomsPayablesReader customs, ICompanyAccess access, TimeProvider clock)
    : IQueryHandler<GetPayablesAging, PayablesAging>
{
    public const string CustomsParty = "Federal Customs Service";

    public async ValueTask<PayablesAging> Handle(GetPayablesAging query, CancellationToken cancellationToken)
    {
        var companyId = query.CompanyId!.Value;
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        var asOf = query.AsOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var endOfDay = new DateTimeOffset(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddTicks(-1);

        var rows = new List<PayableRow>();
        PayableRow Row(string kind, Guid id, string party, string reference, string currency, decimal amount, decimal open, DateOnly due)
        {
            var days = AgingBuckets.DaysOverdue(asOf, due);
            return new PayableRow(kind, id, party, reference, currency, amount, open, due, days, AgingBuckets.Of(days));
        }

        await using (var select = db.CreateCommand($"""
            SELECT i.id, i.supplier_name, i.number, i.currency, i.total, i.due_date, coalesce(s.paid, 0)
            FROM {SupplierInvoicesProjection.LiveTable} i
            LEFT JOIN LATERAL (
                SELECT sum(amount) AS paid FROM {PaymentSettlementsProjection.LiveTable}
                WHERE purpose_kind = $3 AND purpose_id = i.id AND company_id = i.company_id AND currency = i.currency AND completed_at <= $2
            ) s ON true
            WHERE i.company_id = $1 AND i.status IN ($4, $5) AND i.invoice_date <= $6
            ORDER BY i.due_date, i.number, i.id
            """))
        {
            var p = select.Parameters;
            p.Add(new NpgsqlParameter { Value = companyId });
            p.Add(new NpgsqlParameter { Value = endOfDay });
            p.Add(new NpgsqlParameter { Value = PaymentPurposes.SupplierInvoice });
            p.Add(new NpgsqlParameter { Value = InvoiceStatuses.Approved });
            p.Add(new NpgsqlParameter { Value = InvoiceStatuses.Paid });
            p.Add(new NpgsqlParameter { Value = asOf });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var total = reader.GetDecimal(4);
                var open = total - reader.GetDecimal(6);
                if (open > 0m)
                {
                    rows.Add(Row("supplier-invoice", reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), total, open,
                        reader.GetFieldValue<DateOnly>(5)));
                }
            }
        }

        foreach (var c in await customs.ListAsync(companyId, null, null, endOfDay, cancellationToken))
        {
            if (c.Total - c.Paid > 0m)
            {
                rows.Add(Row("customs", c.Id, CustomsParty, c.RegistrationNumber ?? c.DeclarationId.ToString(), Currencies.Rub, c.Total, c.Total - c.Paid,
                    DateOnly.FromDateTime(c.RegisteredAt.UtcDateTime)));
            }
        }

        var ordered = rows.OrderByDescending(r => r.DaysOverdue).ThenBy(r => r.DueDate).ThenBy(r => r.Reference, StringComparer.Ordinal).ToList();
        return new PayablesAging(asOf, ordered, AgingBuckets.Totals(rows, r => r.Currency, r => r.Bucket, r => r.Open));
    }
}
