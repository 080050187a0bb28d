using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WellWon.Platform.Kernel;

namespace WellWon.Platform.Projections;

public static class ProjectionRegistration
{
    /// <summary>
    /// The <see cref="ProjectionRegistry"/> and, in a process that saves aggregates, the <see cref="SyncProjectionRunner"/>
    /// that the aggregate store calls after each append. Options from "Projections" (<c>Projections:SyncBudget</c>).
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
        return services;
    }

    /// <summary>A projection, as a singleton (projections hold no per-request state; they write through a data source).</summary>
    public static IServiceCollection AddProjection<TProjection>(this IServiceCollection services) where TProjection : class, IProjection
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProjection, TProjection>());
        return services;
    }
}
