using WellWon.Customs.ExchangeRates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WellWon.Finance.Numbering;
using WellWon.Finance.PurchaseOrders.Features;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.Database;
using WellWon.Platform.Projections;

namespace WellWon.Finance.PurchaseOrders;

/// <summary>Purchase orders' part of the Finance module: numbers, writes, read models, and their tables in the <c>finance</c> schema.</summary>
public static class PurchaseOrdersModule
{
    /// <summary>The tables, appended to the finance migrations as one new version.</summary>
    public static Migration Migration(int version) => new(FinanceSchema.Module, version, "create purchase orders",
        FinanceSchema.Schema
        + PurchaseOrderNumbers.Sql
        + PurchaseOrdersProjection.CreateSql(PurchaseOrdersProjection.LiveTable)
        + PurchaseOrderSettingsProjection.CreateSql(PurchaseOrderSettingsProjection.LiveTable));

    public static IServiceCollection AddPurchaseOrders(this IServiceCollection services)
    {
        services.TryAddSingleton<GapFreeNumbers>();
        services.TryAddScoped<PurchaseOrderNumbers>();
        services.TryAddScoped<PurchaseOrderWrites>();
        services.TryAddSingleton<PurchaseOrderReader>();
        // The central bank's rates Customs keeps; a test host may register others after this, which then win.
        services.AddCustomsRates();
        services.TryAddScoped<IOfficialRates, CentralBankOfficialRates>();
        services.AddProjection<PurchaseOrdersProjection>();
        services.AddProjection<PurchaseOrderSettingsProjection>();
        return services;
    }
}
