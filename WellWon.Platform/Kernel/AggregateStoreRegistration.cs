using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WellWon.Platform.Mediator;

namespace WellWon.Platform.Kernel;

public static class AggregateStoreRegistration
{
    /// <summary>
    /// <see cref="IAggregateStore"/> (scoped, since event metadata comes from the scope's request) over the registered
    /// <c>IEventStore</c> and, when one is registered, <c>ISnapshotStore</c>; options from "AggregateStore".
    /// The host registers the <see cref="EventTypeRegistry"/> with its bounded contexts' assemblies.
    /// </summary>
    public static IServiceCollection AddAggregateStore(this IServiceCollection services)
    {
        services.AddWellWonRequestContext();
        services.AddOptions<AggregateStoreOptions>()
            .BindConfiguration(AggregateStoreOptions.Section)
            .Validate(o => o.SnapshotEvery >= 0 && o.ReadPageSize > 0, "AggregateStore: SnapshotEvery must be ≥ 0 and ReadPageSize > 0.")
            .ValidateOnStart();
        services.TryAddScoped<IAggregateStore, AggregateStore>();
        return services;
    }
}
