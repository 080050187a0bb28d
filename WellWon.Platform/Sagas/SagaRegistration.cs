using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WellWon.Platform.Database;

namespace WellWon.Platform.Sagas;

public static class SagaRegistration
{
    /// <summary>
    /// What reads and writes saga state: <c>platform.saga_state</c> (migrated at start-up), the <see cref="SagaStore"/> and the
    /// options from <c>Sagas</c>. Enough for the Api's admin view; the worker adds <see cref="AddWellWonSagaHost"/>.
    /// </summary>
    public static IServiceCollection AddWellWonSagaStore(this IServiceCollection services)
    {
        services.AddOptions<SagaOptions>().BindConfiguration(SagaOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SagaOptions>, SagaOptionsValidator>());
        services.TryAddSingleton<SagaStore>();
        return services.AddMigrations<SagaMigrations>();
    }

    /// <summary>
    /// The saga host of the event-processor role: a consumer group of its own on the topics the registered sagas need, running
    /// their steps. Needs the platform (event store, transport, mediator) and the sagas (<see cref="AddSaga{TSaga}"/>).
    /// </summary>
    public static IServiceCollection AddWellWonSagaHost(this IServiceCollection services)
    {
        services.AddWellWonSagaStore();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SagaRegistry>();
        services.TryAddSingleton<SagaRunner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SagaHost>());
        return services;
    }

    /// <summary>A saga, as a singleton (its state lives in the store, never in the instance).</summary>
    public static IServiceCollection AddSaga<TSaga>(this IServiceCollection services) where TSaga : class, ISaga
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISaga, TSaga>());
        return services;
    }
}
