using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Ledger.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Scheduling;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Ledger.Features;

/// <summary>The JSON body of <c>POST /api/finance/ledger/revaluations</c>: the month as "2026-11".</summary>
public sealed record RevalueMonthRequest(Guid CompanyId, string? Month);

/// <summary>A company's admin revalues its open foreign monetary balances at a month's end; asking again answers the entry made.</summary>
public sealed record RevalueMonth(Guid UserId, Guid CompanyId, string? Month) : ICommand<RevaluationView>, IRequireAuthenticatedUser;

/// <param name="Replayed">True when the month was revalued before (nothing new was posted).</param>
public sealed record RevaluationView(string Month, DateOnly RatesDay, EntryView Entry, bool Replayed);

public sealed class RevalueMonthValidator : AbstractValidator<RevalueMonth>
{
    public RevalueMonthValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty().OverridePropertyName("companyId");
        RuleFor(x => x.Month).Must(m => Revaluation.TryParse(m, out _)).WithMessage("'month' is a month as yyyy-MM, e.g. 2026-11.").OverridePropertyName("month");
    }
}

public sealed class RevalueMonthHandler(LedgerWrites writes) : ICommandHandler<RevalueMonth, RevaluationView>
{
    public async ValueTask<RevaluationView> Handle(RevalueMonth command, CancellationToken cancellationToken)
    {
        // The validator has checked the month's form.
        var month = Revaluation.TryParse(command.Month, out var parsed) ? parsed : throw new ArgumentException("'month' is yyyy-MM.", nameof(command));
        return await writes.RevalueAsync(command.CompanyId, command.UserId, month, cancellationToken);
    }
}

/// <summary>How the ledger writes a month's revaluation, for a person (as admin) or the job (as the company's own books).</summary>
public static class LedgerRevaluationWrites
{
    public static Task<RevaluationView> RevalueAsync(this LedgerWrites writes, Guid companyId, Guid? userId, DateOnly month, CancellationToken ct) =>
        writes.ChangeAsync(companyId, userId, CompanyRole.Admin, (ledger, now) =>
        {
            var revalued = ledger.Revalue(month, now);
            return new RevaluationView(Revaluation.Name(month), Revaluation.RatesDayOf(month), EntryView.Of(revalued.Entry, ledger.State), revalued.Replayed);
        }, ct);
}

public sealed class LedgerRevaluationOptions
{
    public const string Section = "Finance:Ledger:Revaluation";

    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Ledgers one run revalues at most; the next run takes the rest.</summary>
    public int CompaniesPerRun { get; set; } = 200;
}

/// <summary>
/// Revalues the previous month of every ledger once that month is over (data-sync role). A ledger whose month-end rates the central
/// bank has not published yet is left for a later run; a month revalued by hand is skipped (the entry's id makes it idempotent anyway).
/// </summary>
public sealed class LedgerRevaluationJob(LedgerReader reader, TimeProvider clock, IOptions<LedgerRevaluationOptions> options) : IScheduledJob
{
    public string Name => "finance.ledger-revaluation";

    public TimeSpan Interval => options.Value.Interval;

    public async Task RunAsync(JobContext context, CancellationToken ct)
    {
        var month = Revaluation.MonthOf(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)).AddMonths(-1);
        var companies = await reader.LedgersNotRevaluedAsync(Revaluation.CauseOf(month), options.Value.CompaniesPerRun, ct);
        if (companies.Count == 0)
        {
            context.Skip($"every ledger is revalued for {Revaluation.Name(month)}");
            return;
        }

        var writes = context.Services.GetRequiredService<LedgerWrites>();
        var (revalued, waiting) = (0, 0);
        foreach (var companyId in companies)
        {
            try
            {
                await writes.RevalueAsync(companyId, userId: null, month, ct);
                revalued++;
            }
            catch (LedgerRuleException e) when (e.Code == LedgerErrors.RateMissing)
            {
                // The month's last rates are not published yet: a later run takes it.
                waiting++;
            }
        }

        context.Summary["month"] = Revaluation.Name(month);
        context.Summary["revalued"] = revalued;
        context.Summary["waitingForRates"] = waiting;
    }
}
