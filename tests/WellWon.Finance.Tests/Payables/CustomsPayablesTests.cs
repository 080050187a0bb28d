using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Payables;
using WellWon.Finance.Payments;
using WellWon.Finance.Tests.Http;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using static WellWon.Finance.Tests.Http.LedgerApi;

namespace WellWon.Finance.Tests.Payables;

/// <summary>
/// A registered declaration's payments become a payable to customs: one ledger entry (capitalised duty and fees, VAT recoverable,
/// customs payable) however often and in whatever order the saga sees the events, an adjusting entry for a correction, a read
/// model row that turns paid when a customs payment completes, and that row rebuilt from the log whatever the order.
/// </summary>
public sealed class CustomsPayablesTests(FinanceApiFactory api) : IClassFixture<FinanceApiFactory>
{
    private static readonly DateTimeOffset Registered = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registration_books_the_payable_once_a_correction_adjusts_it_and_a_customs_payment_settles_it()
    {
        var (owner, company, client) = await api.OpenedAsync();
        var (declaration, shipment) = (Guid.NewGuid(), Guid.NewGuid());
        var log = await api.RegisteredDeclarationAsync(company, declaration, shipment, FinanceLog.Sheet(duty: 50_000m, vat: 110_000m, fee: 8_530m), Registered, "10702070/011026/3000001");

        // The saga sees the registration three times, shuffled with the rest: one entry.
        await api.RunCustomsSagaAsync([.. log, .. log.AsEnumerable().Reverse(), .. log]);
        await api.ProjectAsync(log);
        Assert.Equal(58_530m, (await client.AccountAsync(company, CustomsPayablePosting.CapitalisedCustoms)).GetProperty("posted").GetDecimal());
        Assert.Equal(110_000m, (await client.AccountAsync(company, ChartOfAccounts.ImportVatRecoverable)).GetProperty("posted").GetDecimal());
        Assert.Equal(168_530m, (await client.AccountAsync(company, ChartOfAccounts.CustomsPayable)).GetProperty("posted").GetDecimal());
        var payable = Assert.Single((await PayablesAsync(client, company)).EnumerateArray());
        Assert.Equal((declaration, declaration, "10702070/011026/3000001", 168_530m, "RUB", "open"),
            (payable.GetProperty("id").GetGuid(), payable.GetProperty("declarationId").GetGuid(), payable.GetProperty("registrationNumber").GetString(),
             payable.GetProperty("total").GetDecimal(), payable.GetProperty("currency").GetString(), payable.GetProperty("status").GetString()));

        // A correction raises the duty by 6,000 and VAT by 1,200: one adjusting entry for the difference.
        var correction = await api.CorrectedAsync(company, declaration, shipment, FinanceLog.Sheet(duty: 56_000m, vat: 111_200m, fee: 8_530m), Registered.AddDays(20));
        await api.RunCustomsSagaAsync([.. correction, .. log, .. correction]);
        await api.ProjectAsync([.. correction, .. log]);
        Assert.Equal(175_730m, (await client.AccountAsync(company, ChartOfAccounts.CustomsPayable)).GetProperty("posted").GetDecimal());
        Assert.Equal(64_530m, (await client.AccountAsync(company, CustomsPayablePosting.CapitalisedCustoms)).GetProperty("posted").GetDecimal());
        var entries = await EntriesOfAsync(company, declaration);
        Assert.Equal(2, entries.Count);
        payable = Assert.Single((await PayablesAsync(client, company, declaration)).EnumerateArray());
        Assert.Equal((56_000m, 0m, 111_200m, 8_530m, 175_730m), (payable.GetProperty("duty").GetDecimal(), payable.GetProperty("excise").GetDecimal(),
            payable.GetProperty("vat").GetDecimal(), payable.GetProperty("fees").GetDecimal(), payable.GetProperty("total").GetDecimal()));

        // The customs payment completes: the payable is paid, with the order that paid it.
        var paid = await api.PaymentCompletedAsync(company, PaymentPurposes.CustomsPayable, declaration, 175_730m, "RUB", Registered.AddDays(21));
        await api.ProjectAsync([.. paid, .. paid]);
        payable = Assert.Single((await PayablesAsync(client, company)).EnumerateArray());
        Assert.Equal(("paid", paid[0].StreamId), (payable.GetProperty("status").GetString(), $"finance-payment-order-{payable.GetProperty("paymentOrderId").GetGuid():N}"));
        Assert.Equal(Registered.AddDays(21), payable.GetProperty("paidAt").GetDateTimeOffset());

        // Readers see it; outsiders are told the company does not exist; the company must be named.
        var viewer = Guid.NewGuid();
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        using var viewing = api.ClientFor(viewer);
        Assert.Single((await PayablesAsync(viewing, company)).EnumerateArray());
        using var outsider = api.ClientFor(Guid.NewGuid());
        await JsonAsync(await outsider.GetAsync($"/api/finance/customs-payables?companyId={company}", Ct), HttpStatusCode.NotFound);
        var problem = await JsonAsync(await client.GetAsync("/api/finance/customs-payables", Ct), HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.Equals("companyId", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_recall_after_registration_withdraws_the_payable_and_the_ledger_nets_to_zero()
    {
        var (_, company, client) = await api.OpenedAsync();
        var declaration = Guid.NewGuid();
        var log = await api.RegisteredDeclarationAsync(company, declaration, null, FinanceLog.Sheet(duty: 1_000m, vat: 2_200m, fee: 775m), Registered, "10702070/011026/3000002");
        var recalled = await api.AppendAsync(CustomsDeclarationFacts.StreamOf(declaration), company,
            new Customs.Contracts.DeclarationRecalled(declaration, company, "Wrong consignee", Guid.NewGuid(), Registered.AddDays(1)));
        await api.RunCustomsSagaAsync([.. recalled, .. log, .. recalled]);
        await api.ProjectAsync([.. log, .. recalled]);
        Assert.Equal(0m, (await client.AccountAsync(company, ChartOfAccounts.CustomsPayable)).GetProperty("posted").GetDecimal());
        Assert.Equal(2, (await EntriesOfAsync(company, declaration)).Count);
        Assert.Equal(0m, Assert.Single((await PayablesAsync(client, company)).EnumerateArray()).GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task The_read_models_replayed_in_order_or_shuffled_with_repeats_equal_the_live_rows()
    {
        var (_, company, _) = await api.OpenedAsync();
        var log = new List<Platform.EventStore.RecordedEvent>();
        for (var i = 0; i < 3; i++)
        {
            var declaration = Guid.NewGuid();
            log.AddRange(await api.RegisteredDeclarationAsync(company, declaration, Guid.NewGuid(), FinanceLog.Sheet(10_000m * (i + 1), 20_000m, 775m), Registered.AddDays(i), $"10702070/01102{i}/300000{i}"));
            log.AddRange(await api.CorrectedAsync(company, declaration, null, FinanceLog.Sheet(11_000m * (i + 1), 20_000m, 775m), Registered.AddDays(i + 5)));
            log.AddRange(await api.PaymentCompletedAsync(company, PaymentPurposes.CustomsPayable, declaration, 5_000m, "RUB", Registered.AddDays(i + 6)));
        }

        await api.ProjectAsync(log);
        var db = api.Services.GetRequiredService<NpgsqlDataSource>();
        foreach (var projection in api.Services.GetServices<IProjection>().OfType<IRebuildableProjection>()
                     .Where(p => p is CustomsPayablesProjection or PaymentSettlementsProjection))
        {
            await ProjectionReplays.AssertSameRowsAsync(projection, db, log, "company_id = $1", company);

            Assert.Equal(3, (await ProjectionReplays.RowsAsync(db, projection.Table, "company_id = $1", company)).Count);
        }
    }

    private static async Task<JsonElement> PayablesAsync(HttpClient client, Guid company, Guid? declaration = null) =>
        await JsonAsync(await client.GetAsync($"/api/finance/customs-payables?companyId={company}" + (declaration is { } d ? $"&declarationId={d}" : string.Empty), Ct), HttpStatusCode.OK);

    private async Task<List<LedgerEntry>> EntriesOfAsync(Guid company, Guid declaration)
    {
        var ledger = await api.Services.GetRequiredService<IAggregateStore>().LoadAsync<CompanyLedger>(company, Ct);
        return [.. ledger.State.Entries.Values.Where(e => e.Cause?.StartsWith($"customs.declaration:{declaration:N}", StringComparison.Ordinal) == true)];
    }
}
