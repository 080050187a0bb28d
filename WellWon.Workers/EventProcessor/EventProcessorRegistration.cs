using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WellWon.Platform.Relay;

namespace WellWon.Workers.EventProcessor;

public static class EventProcessorRegistration
{
    public const string Role = "event-processor";

    /// <summary>
    /// The event-processor role: the relay (one active across all processes), the consumers that apply events to every registered
    /// projection, the projection state and lag gauges, and the rebuild runner. Options from <c>EventProcessor</c> and <c>Relay</c>.
    /// Call after <c>AddWellWonPlatform</c> and the bounded contexts' modules (which register the projections). The changes of an
    /// <c>INotifyingProjection</c> are pushed when the process has an <c>IChangeNotifier</c> (<c>AddWellWonChangeNotifier</c>).
    /// </summary>
    public static IHostApplicationBuilder AddWellWonEventProcessor(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddWellWonRelay();
        services.AddOptions<EventProcessorOptions>()
            .BindConfiguration(EventProcessorOptions.Section)
            .Validate(
                o => o.StateInterval > TimeSpan.Zero && o.RebuildPollInterval > TimeSpan.Zero && o.RebuildHeartbeatInterval > TimeSpan.Zero
                     && o.RebuildStaleAfter > o.RebuildHeartbeatInterval * 3,
                "EventProcessor: intervals must be positive and RebuildStaleAfter more than three heartbeats.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => ConsumerIdentity.For(Role, sp.GetRequiredService<IOptions<EventProcessorOptions>>().Value.InstanceId));
        services.TryAddSingleton<ProjectionPositions>();
        services.TryAddSingleton<ProjectionDispatcher>();
        services.TryAddSingleton<ProjectionStateMonitor>();
        services.AddHostedService<EventProcessorService>();
        services.AddHostedService(sp => sp.GetRequiredService<ProjectionStateMonitor>());
        services.AddHostedService<ProjectionRebuildService>();
        return builder;
    }
}
