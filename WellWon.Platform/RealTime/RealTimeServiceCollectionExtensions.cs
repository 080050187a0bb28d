using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace WellWon.Platform.RealTime;

public static class RealTimeServiceCollectionExtensions
{
    /// <summary>
    /// What a process needs to push change notifications (<see cref="IChangeNotifier"/>): SignalR with the Redis backplane,
    /// configured from the service's <c>IConnectionMultiplexer</c> (<c>builder.AddRedisClient("redis")</c>, which also holds the
    /// resume log). For a worker, which publishes but serves no hub.
    /// </summary>
    public static IServiceCollection AddWellWonChangeNotifier(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RealTimeOptions>().Bind(configuration.GetSection(RealTimeOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RealTimeOptions>, RealTimeOptionsValidator>());

        services.AddSignalR().AddStackExchangeRedis();
        // A connection of its own, configured like the service's (Aspire's) one: on disposal SignalR unsubscribes everything on
        // its connection and disposes it, which on the shared one threw from Aspire's Redis tracing and cut off the other users.
        services.AddOptions<RedisOptions>().Configure<IServiceProvider>((options, provider) =>
            options.ConnectionFactory = async log =>
            {
                var configuration = ConfigurationOptions.Parse(provider.GetRequiredService<IConnectionMultiplexer>().Configuration);
                configuration.ClientName = $"{configuration.ClientName ?? Environment.MachineName}:signalr";
                // A Redis that is still starting is retried in the background instead of failing the hub for good.
                configuration.AbortOnConnectFail = false;
                return await ConnectionMultiplexer.ConnectAsync(configuration, log);
            });
        services.Replace(ServiceDescriptor.Singleton<IUserIdProvider, SubjectUserIdProvider>());

        services.TryAddSingleton<RedisChangeLog>();
        services.TryAddSingleton<IChangeNotifier, SignalRChangeNotifier>();
        return services;
    }

    /// <summary>
    /// The hub side for the Api: the notifier, authorization, the JWT from the query string on the hub's path, and the
    /// company- and chat-membership checks (denying everything until the Companies and Chat contexts register their own). Authentication itself
    /// (the JwtBearer scheme and its keys) belongs to the Identity module.
    /// </summary>
    public static IServiceCollection AddWellWonRealTime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWellWonChangeNotifier(configuration);
        services.AddAuthorization();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<JwtBearerOptions>, HubAccessTokenFromQuery>());
        services.TryAddSingleton<ICompanyMembership, NoCompanyMembership>();
        services.TryAddSingleton<IChatMembership, NoChatMembership>();
        return services;
    }

    /// <summary>Maps <see cref="WellWonHub"/> at <c>/hubs/wellwon</c>.</summary>
    public static HubEndpointConventionBuilder MapWellWonHub(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHub<WellWonHub>(WellWonHub.Path);
}
