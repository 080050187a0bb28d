using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace WellWon.Platform.Relay;

public static class RelayRegistration
{
    /// <summary>
    /// The relay from the event store to the bus as a hosted service, options from <c>Relay</c> (validated at start-up).
    /// Every process that calls this competes for the one lease; needs the event store and the transport (<c>AddWellWonPlatform</c>).
    /// </summary>
    public static IServiceCollection AddWellWonRelay(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddOptions<RelayOptions>().BindConfiguration(RelayOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RelayOptions>, RelayOptionsValidator>());
        services.TryAddSingleton<RelayTelemetry>();
        services.TryAddSingleton<EventRelay>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RelayHostedService>());
        return services;
    }
}

/// <summary>Runs the process's <see cref="EventRelay"/> for as long as the host runs.</summary>
public sealed class RelayHostedService(EventRelay relay) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => relay.RunAsync(stoppingToken);
}
