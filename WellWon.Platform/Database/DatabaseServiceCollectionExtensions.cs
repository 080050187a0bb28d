using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WellWon.Platform.Database;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>The migrator and the start-up hook that runs it; safe to call more than once.</summary>
    public static IServiceCollection AddDatabaseMigrations(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DatabaseMigrator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, DatabaseMigrationService>());
        return services;
    }

    /// <summary>Registers a module's migrations (<c>services.AddMigrations&lt;IdentityMigrations&gt;()</c>).</summary>
    public static IServiceCollection AddMigrations<TSource>(this IServiceCollection services)
        where TSource : class, IMigrationSource
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMigrationSource, TSource>());
        return services.AddDatabaseMigrations();
    }
}
