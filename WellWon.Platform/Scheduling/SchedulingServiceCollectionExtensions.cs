using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WellWon.Platform.Database;

namespace WellWon.Platform.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// The job scheduler (for the data-sync role only), its run history in <c>platform.job_runs</c> with its migration, and the
    /// Redis locks, configured from <c>Scheduling</c>. Needs an <c>NpgsqlDataSource</c> and an <c>IConnectionMultiplexer</c>.
    /// </summary>
    public static IServiceCollection AddWellWonScheduler(this IServiceCollection services)
    {
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMigrations<SchedulingMigrations>();
        services.TryAddSingleton<RedisJobLease>();
        services.TryAddSingleton<PostgresJobRunHistory>();
        services.TryAddSingleton<IJobRunHistory>(sp => sp.GetRequiredService<PostgresJobRunHistory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, JobScheduler>());
        return services;
    }

    /// <summary>Adds a job to the scheduler; its name must be unique.</summary>
    public static IServiceCollection AddScheduledJob<TJob>(this IServiceCollection services)
        where TJob : class, IScheduledJob
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScheduledJob, TJob>());
        return services;
    }
}
