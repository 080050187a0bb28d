using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WellWon.Platform.Database;
using WellWon.Platform.Projections;
using WellWon.Platform.Sagas;

namespace WellWon.Finance.Payables;

/// <summary>Payables' part of the Finance module: the customs payables and the record of completed payments, their posting and tables.</summary>
public static class PayablesModule
{
    public static Migration Migration(int version) => new(FinanceSchema.Module, version, "create customs payables and payment settlements",
        FinanceSchema.Schema
        + CustomsPayablesProjection.CreateSql(CustomsPayablesProjection.LiveTable)
        + PaymentSettlementsProjection.CreateSql(PaymentSettlementsProjection.LiveTable));

    public static IServiceCollection AddPayables(this IServiceCollection services)
    {
        services.TryAddScoped<CustomsPayablePosting>();
        services.TryAddSingleton<CustomsPayablesReader>();
        services.AddProjection<CustomsPayablesProjection>();
        services.AddProjection<PaymentSettlementsProjection>();
        return services;
    }

    /// <summary>The event processor's part: the saga that books registered declarations' payments in the ledger.</summary>
    public static IServiceCollection AddPayablesSagas(this IServiceCollection services) => services.AddSaga<CustomsPayableSaga>();
}
