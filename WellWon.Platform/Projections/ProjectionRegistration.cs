using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WellWon.Platform.Database;
using WellWon.Platform.Kernel;

namespace WellWon.Platform.Projections;

public static class ProjectionRegistration
{
    /// <summary>
    /// The <see cref="ProjectionRegistry"/> and, in a process that saves aggregates, the <see cref="SyncProjectionRunner"/>
    /// that the aggregate store calls after each append. Options from "Projections" (<c>Projections:SyncBudget</c>).
    /// Also what rebuilds, integrity checks and the admin endpoints share: <c>platform.projection_state</c> (migrated at start-up),
    /// the <see cref="ProjectionStateStore"/>, the <see cref="ProjectionRebuilder"/> and the <see cref="IProjectionIntegrityChecker"/>
    /// (options from <c>Projections:Rebuild</c>).
    /// </summary>
    public static IServiceCollection AddWellWonProjections(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddOptions<ProjectionOptions>()
            .BindConfiguration(ProjectionOptions.Section)
            .Validate(o => o.SyncBudget > TimeSpan.Zero, "Projections:SyncBudget must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<ProjectionTelemetry>();
        services.TryAddSingleton<ProjectionRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IAppendObserver, SyncProjectionRunner>());

        services.AddOptions<ProjectionRebuildOptions>()
            .BindConfiguration(ProjectionRebuildOptions.Section)
            .Validate(
                o => o.BatchSize > 0 && o.Parallelism > 0 && o.SwapAttempts > 0 && o.SwapLockTimeout > TimeSpan.Zero && o.SettleTimeout >= TimeSpan.Zero,
                "Projections:Rebuild: BatchSize, Parallelism, SwapAttempts and SwapLockTimeout must be positive, SettleTimeout not negative.")
            .ValidateOnStart();
        services.TryAddSingleton<ProjectionStateStore>();
        services.TryAddSingleton<ProjectionRebuilder>();
        services.TryAddSingleton<IProjectionIntegrityChecker, ProjectionIntegrityChecker>();
        services.AddMigrations<ProjectionMigrations>();
        return services;
    }

    /// <summary>A projection, as a singleton (projections hold no per-request state; they write through a data source).</summary>
    public static IServiceCollection AddProjection<TProjection>(this IServiceCollection services) where TProjection : class, IProjection
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProjection, TProjection>());
        return services;
    }
}
