using WellWon.Platform.Scheduling;

namespace WellWon.Workers.DataSync;

/// <summary>
/// The data-sync role: the work WellWon does on a clock rather than in answer to events (exchange rates, carrier tracking,
/// customs status, integrity checks), each a scheduled job that runs once per interval however many instances there are.
/// </summary>
public static class DataSyncRole
{
    public static IHostApplicationBuilder AddDataSyncRole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddWellWonScheduler();
        builder.Services.AddDataSyncJobs();
        return builder;
    }
}
