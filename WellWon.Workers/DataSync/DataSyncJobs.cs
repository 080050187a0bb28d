namespace WellWon.Workers.DataSync;

/// <summary>The data-sync role's jobs, one line each: <c>services.AddScheduledJob&lt;TJob&gt;()</c>.</summary>
public static class DataSyncJobs
{
    public static IServiceCollection AddDataSyncJobs(this IServiceCollection services)
    {
        // Jobs are registered here. The first is the integrity check of identity.user_profiles, a job that calls
        // IProjectionIntegrityChecker.CheckAsync("identity.user_profiles", ct) and puts its figures in JobContext.Summary.
        return services;
    }
}
