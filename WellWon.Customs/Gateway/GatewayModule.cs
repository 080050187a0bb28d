using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.Scheduling;

namespace WellWon.Customs.Gateway;

/// <summary>The customs gateway: its client, the status synchronisation, and the data-sync job that runs it.</summary>
public static class GatewayModule
{
    /// <summary>The data-sync role's line: the gateway client and <see cref="CustomsStatusJob"/> (off while <c>Customs:Gateway:BaseUrl</c> is empty).</summary>
    public static IServiceCollection AddCustomsStatusJob(this IServiceCollection services)
    {
        services.AddOptions<CustomsGatewayOptions>()
            .BindConfiguration(CustomsGatewayOptions.Section)
            .Validate(o => !o.Enabled || Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _), "Customs:Gateway:BaseUrl must be empty or an absolute URL.")
            .Validate(o => o.Interval > TimeSpan.Zero && o.Attempts > 0, "Customs:Gateway needs a positive Interval and Attempts.")
            .ValidateOnStart();
        // The client retries itself, with its own back-off and timeout; the service defaults' handler would retry each retry.
#pragma warning disable EXTEXP0001
        services.AddHttpClient<CustomsGatewayClient>(http => http.Timeout = Timeout.InfiniteTimeSpan).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddScoped<CustomsStatusSync>();
        return services.AddScheduledJob<CustomsStatusJob>();
    }
}
