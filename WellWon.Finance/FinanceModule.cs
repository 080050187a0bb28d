using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WellWon.Finance.Invoices;
using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Features;
using WellWon.Finance.Ledger.ReadModel;
using WellWon.Finance.Payments;
using WellWon.Finance.Payables;
using WellWon.Finance.Receivables;
using WellWon.Finance.PurchaseOrders;
using WellWon.Finance.PurchaseOrders.Fulfilment;
using WellWon.Platform.Database;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.Sagas;
using WellWon.Platform.Scheduling;

namespace WellWon.Finance;

/// <summary>
/// Registers the Finance context: its schema, the ledger's events, writes and read models. The tenant check (<c>ICompanyAccess</c>)
/// comes from the Companies module, which every host adds.
/// </summary>
public static class FinanceModule
{
    public static IHostApplicationBuilder AddFinanceModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddFinanceModule();
        return builder;
    }

    /// <summary>The Api's part: everything the commands and queries use.</summary>
    public static IServiceCollection AddFinanceModule(this IServiceCollection services) => services.AddFinanceReadModel();

    /// <summary>What any process running Finance's handlers or projections needs. Calling it twice registers nothing twice.</summary>
    public static IServiceCollection AddFinanceReadModel(this IServiceCollection services)
    {
        services.AddContextAssembly(typeof(FinanceModule).Assembly);
        services.TryAddSingleton(TimeProvider.System);
        services.AddAggregateStore();
        services.AddMigrations<FinanceMigrations>();
        services.AddMigrations<LedgerFunctionalMigrations>();
        services.TryAddScoped<LedgerWrites>();
        services.TryAddSingleton<LedgerReader>();
        services.AddProjection<LedgerAccountsProjection>();
        services.AddProjection<LedgerMovementsProjection>();
        services.AddProjection<LedgerEntriesProjection>();
        services.AddPurchaseOrders();
        services.AddSupplierInvoices();
        services.AddPayments();
        services.AddPayables();
        services.AddReceivables();
        return services;
    }

    /// <summary>The data-sync role's part: the jobs that release holds past their timeout and revalue each ledger's past month.</summary>
    public static IServiceCollection AddFinanceJobs(this IServiceCollection services)
    {
        services.AddFinanceReadModel();
        services.AddOptions<LedgerHoldsOptions>()
            .BindConfiguration(LedgerHoldsOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero && o.CompaniesPerRun > 0, "Finance:Ledger:Holds: Interval and CompaniesPerRun must be positive.")
            .ValidateOnStart();
        services.AddScheduledJob<LedgerHoldsExpiryJob>();
        services.AddOptions<LedgerRevaluationOptions>()
            .BindConfiguration(LedgerRevaluationOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero && o.CompaniesPerRun > 0, "Finance:Ledger:Revaluation: Interval and CompaniesPerRun must be positive.")
            .ValidateOnStart();
        services.AddScheduledJob<LedgerRevaluationJob>();
        services.AddPaymentJobs();
        return services;
    }

    /// <summary>The event processor's part: the saga that records shipments' progress on the purchase orders linked to them.</summary>
    public static IServiceCollection AddFinanceSagas(this IServiceCollection services)
    {
        services.AddFinanceReadModel();
        services.AddSaga<PurchaseOrderFulfilmentSaga>();
        services.AddSupplierInvoiceSagas();
        services.AddPaymentSaga();
        services.AddPayablesSagas();
        services.AddReceivablesSagas();
        return services.AddWellWonSagaHost();
    }
}
