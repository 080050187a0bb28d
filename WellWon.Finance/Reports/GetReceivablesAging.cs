using System.Globalization;
using FluentValidation;
using Mediator;
using Npgsql;
using WellWon.Finance.Receivables;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Reports;

/// <summary>One invoice a client still owes on as of the day asked: its total, what is open after the receipts by then, and how late it is.</summary>
public sealed record ReceivableRow(
    Guid Id, string Client, string Number, string Currency, decimal Amount, decimal Open, DateOnly IssueDate, DateOnly DueDate, int DaysOverdue, string Bucket);

public sealed record ReceivablesAging(DateOnly AsOf, IReadOnlyList<ReceivableRow> Rows, IReadOnlyList<AgingTotals> Totals);

/// <summary>
/// What clients owe the company as of a day (<c>GET /api/finance/receivables-aging?companyId=&amp;asOf=</c>, today when no day is named):
/// every invoice issued by then and not cancelled, less the receipts the bank credited by then, each open one in a bucket of days past
/// its due date, with totals per currency; participants only. <see cref="AsOf"/> is the ISO date as sent, so a bad one is a 400 naming it.
/// </summary>
public sealed record GetReceivablesAging(Guid UserId, Guid? CompanyId, string? AsOf) : IQuery<ReceivablesAging>, IRequireAuthenticatedUser
{
    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}

public sealed class GetReceivablesAgingValidator : AbstractValidator<GetReceivablesAging>
{
    public GetReceivablesAgingValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose receivables to read (companyId).");
        RuleFor(x => x.AsOf).Must(text => text is null || GetReceivablesAging.TryParseDay(text, out _))
            .WithErrorCode("invalid-date").WithMessage("The day to age as of is an ISO date, yyyy-MM-dd (asOf).");
    }
}

public sealed class GetReceivablesAgingHandler(NpgsqlDataSource db, ICompanyAccess access, TimeProvider clock)
    : IQueryHandler<GetReceivablesAging, ReceivablesAging>
{
    public async ValueTask<ReceivablesAging> Handle(GetReceivablesAging query, CancellationToken cancellationToken)
    {
        var companyId = query.CompanyId!.Value;
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        var asOf = GetReceivablesAging.TryParseDay(query.AsOf, out var day) ? day : DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        var rows = new List<ReceivableRow>();
        // A paid invoice stays in the select: receipts after the day asked leave it open as of that day.
        await using (var select = db.CreateCommand($"""
            SELECT id, state FROM {ClientInvoicesProjection.LiveTable}
            WHERE company_id = $1 AND status IN ($2, $3, $4) AND issue_date <= $5
            """))
        {
            var p = select.Parameters;
            p.Add(new NpgsqlParameter { Value = companyId });
            p.Add(new NpgsqlParameter { Value = ClientInvoiceStatuses.Issued });
            p.Add(new NpgsqlParameter { Value = ClientInvoiceStatuses.PartlyPaid });
            p.Add(new NpgsqlParameter { Value = ClientInvoiceStatuses.Paid });
            p.Add(new NpgsqlParameter { Value = asOf });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var s = ClientInvoicesProjection.ReadState(reader.GetString(1));
                var open = s.Total - s.Receipts.Where(r => r.ReceivedOn <= asOf).Sum(r => r.Amount);
                if (open > 0m)
                {
                    var days = AgingBuckets.DaysOverdue(asOf, s.DueDate);
                    rows.Add(new ReceivableRow(reader.GetGuid(0), s.Client.Name, s.Number ?? string.Empty, s.Currency, s.Total, open, s.IssueDate!.Value, s.DueDate, days,
                        AgingBuckets.Of(days)));
                }
            }
        }

        var ordered = rows.OrderByDescending(r => r.DaysOverdue).ThenBy(r => r.DueDate).ThenBy(r => r.Number, StringComparer.Ordinal).ToList();
        return new ReceivablesAging(asOf, ordered, AgingBuckets.Totals(rows, r => r.Currency, r => r.Bucket, r => r.Open));
    }
}
