using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WellWon.Chat;
using WellWon.Logistics.Carriers;
using WellWon.Logistics.Tracking;
using WellWon.Logistics.Domain;
using WellWon.Logistics.Features;
using WellWon.Logistics.ReadModel;
using WellWon.Logistics.References;
using WellWon.Logistics.Sagas;
using WellWon.Platform.Database;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.Sagas;

namespace WellWon.Logistics;

/// <summary>
/// Registers the Logistics context: its schema, projections, readers and write-side services, and (in the worker) the shipment
/// chat saga. The tenant check (<c>ICompanyAccess</c>) comes from the Companies module, which every host adds.
/// </summary>
public static class LogisticsModule
{
    public static IHostApplicationBuilder AddLogisticsModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLogisticsModule();
        return builder;
    }

    /// <summary>The Api's part: the read model (sync projections) and everything the commands and queries use.</summary>
    public static IServiceCollection AddLogisticsModule(this IServiceCollection services) => services.AddLogisticsReadModel();

    /// <summary>
    /// What any process running Logistics' projections or handlers needs (the event processor applies the projections again and
    /// pushes the changes; every host's generated mediator knows the handlers). Calling it twice registers nothing twice.
    /// </summary>
    public static IServiceCollection AddLogisticsReadModel(this IServiceCollection services)
    {
        services.AddContextAssembly(typeof(LogisticsModule).Assembly);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<LogisticsOptions>().BindConfiguration(LogisticsOptions.Section)
            .Validate(o => o.ReservationTimeout > TimeSpan.Zero, "Logistics:ReservationTimeout must be positive.")
            .Validate(o => o.CredentialsKey is null || CarrierCredentials.IsValidKey(o.CredentialsKey),
                "Logistics:CredentialsKey must be base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`).")
            .ValidateOnStart();
        services.AddOptions<TrackingOptions>().BindConfiguration(TrackingOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrackingOptions>, TrackingOptionsValidator>());
        services.AddAggregateStore();
        services.AddMigrations<LogisticsMigrations>();
        services.TryAddSingleton<ShipmentHistory>();
        services.TryAddSingleton<ShipmentReader>();
        services.TryAddScoped<ShipmentWrites>();
        services.TryAddSingleton<WarehouseHistory>();
        services.TryAddSingleton<WarehouseReader>();
        services.TryAddScoped<WarehouseWrites>();
        services.TryAddScoped<IShipmentReferences, PostgresShipmentReferences>();
        services.TryAddSingleton<CarrierReader>();
        services.TryAddSingleton<CarrierCredentials>();
        services.TryAddSingleton<CarrierCodes>();
        services.TryAddSingleton<CarrierDirectory>();
        services.TryAddScoped<CarrierWrites>();
        services.AddProjection<ShipmentsProjection>();
        services.AddProjection<ShipmentTimelineProjection>();
        services.AddProjection<ShipmentDashboardProjection>();
        services.AddProjection<WarehousesProjection>();
        services.AddProjection<WarehouseStockProjection>();
        services.AddProjection<CarriersProjection>();
        return services;
    }

    /// <summary>
    /// The data-sync role's part: the carriers' tracking feeds (a typed HttpClient with per-carrier rate limits) and the tracker
    /// that applies them to shipments through the shipments' write path.
    /// </summary>
    public static IServiceCollection AddLogisticsTracking(this IServiceCollection services)
    {
        services.AddLogisticsReadModel();
        services.TryAddSingleton<CarrierRateLimits>();
        services.TryAddSingleton<TrackingSubscriptions>();
        services.TryAddScoped<ShipmentTracker>();
        // Timeouts are the client's, per attempt; the handler's own would cut a whole series of retries short.
        services.AddHttpClient<CarrierTrackingClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }

    /// <summary>The event processor's part: the shipment chat saga on the saga host (topic "logistics"), sending Chat's commands.</summary>
    public static IServiceCollection AddLogisticsSagas(this IServiceCollection services)
    {
        services.AddLogisticsReadModel();
        services.AddChatReadModel();
        services.AddSaga<ShipmentChatSaga>();
        return services.AddWellWonSagaHost();
    }
}
