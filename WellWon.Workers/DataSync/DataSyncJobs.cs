using WellWon.Customs.ExchangeRates;
using WellWon.Customs.Gateway;
using WellWon.Documents;
using WellWon.Finance;
using WellWon.Logistics;
using WellWon.Platform.Scheduling;

namespace WellWon.Workers.DataSync;

/// <summary>The data-sync role's jobs, one line each: <c>services.AddScheduledJob&lt;TJob&gt;()</c>.</summary>
public static class DataSyncJobs
{
    public static IServiceCollection AddDataSyncJobs(this IServiceCollection services)
    {
        services.AddOptions<IntegrityCheckOptions>()
            .BindConfiguration(IntegrityCheckOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero, "DataSync:IntegrityCheck:Interval must be positive.")
            .ValidateOnStart();
        services.AddScheduledJob<UserProfilesIntegrityCheck>();
        services.AddLogisticsTracking();
        services.AddScheduledJob<ShipmentTrackingJob>();
        services.AddCentralBankRatesJob();
        services.AddCustomsStatusJob();
        services.AddFinanceJobs();
        services.AddDocumentsSweep();
        return services;
    }
}
