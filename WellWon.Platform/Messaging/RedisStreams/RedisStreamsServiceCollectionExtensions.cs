using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace WellWon.Platform.Messaging.RedisStreams;

public static class RedisStreamsServiceCollectionExtensions
{
    /// <summary>
    /// The bus on Redis Streams: <see cref="IMessagePublisher"/>, <see cref="IMessageConsumer"/> and <see cref="IDeadLetterStore"/>,
    /// configured from <c>Messaging:RedisStreams</c> and validated at start-up. Needs an <c>IConnectionMultiplexer</c>
    /// (<c>builder.AddRedisClient("redis")</c>).
    /// </summary>
    public static IServiceCollection AddRedisStreamsTransport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisStreamsOptions>()
            .Bind(configuration.GetSection(RedisStreamsOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisStreamsOptions>, RedisStreamsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RedisStreamsTopology>();
        services.TryAddSingleton<IMessagePublisher, RedisStreamsPublisher>();
        services.TryAddSingleton<IMessageConsumer, RedisStreamsConsumer>();
        services.TryAddSingleton<IDeadLetterStore, RedisStreamsDeadLetterStore>();
        return services;
    }
}
