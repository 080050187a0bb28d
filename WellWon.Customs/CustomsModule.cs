using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WellWon.Customs.Compliance;
using WellWon.Customs.Features;
using WellWon.Customs.ExchangeRates;
using WellWon.Customs.ReadModel;
using WellWon.Customs.Tariff;
using WellWon.Platform.Database;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Customs;

/// <summary>
/// Registers the Customs context: its schema, the tariff seeded from the embedded files at start, the tariff reader and the
/// declaration's events. The tenant check (<c>ICompanyAccess</c>) comes from the Companies module, which every host adds.
/// </summary>
public static class CustomsModule
{
    public static IHostApplicationBuilder AddCustomsModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddCustomsModule();
        return builder;
    }

    /// <summary>The Api's part: everything the commands and queries use.</summary>
    public static IServiceCollection AddCustomsModule(this IServiceCollection services) => services.AddCustomsReadModel();

    /// <summary>What any process running Customs' handlers or projections needs. Calling it twice registers nothing twice.</summary>
    public static IServiceCollection AddCustomsReadModel(this IServiceCollection services)
    {
        services.AddContextAssembly(typeof(CustomsModule).Assembly);
        services.TryAddSingleton(TimeProvider.System);
        services.AddAggregateStore();
        // Migrations first: hosted services start in registration order, and the seeder fills the tables they create.
        services.AddMigrations<CustomsMigrations>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TariffSeeder>());
        services.TryAddSingleton<TariffReader>();
        services.TryAddSingleton<DeclarationHistory>();
        services.TryAddSingleton<DeclarationReader>();
        services.TryAddScoped<DeclarationWrites>();
        services.TryAddScoped<DeclarationPayments>();
        services.TryAddScoped<LandedCostEstimates>();
        services.AddProjection<DeclarationsProjection>();
        services.TryAddSingleton<ShipmentGoodsReader>();
        services.AddProjection<ShipmentGoodsProjection>();
        services.AddProjection<DocumentLinesProjection>();
        services.TryAddSingleton<DocumentLinesReader>();
        services.TryAddSingleton<PriceHistoryReader>();
        services.AddProjection<PriceHistoryProjection>();
        services.TryAddSingleton(_ => RestrictedGoods.Embedded());
        services.AddCustomsRates();
        return services;
    }
}
