using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace WellWon.Platform.Messaging.Kafka;

public static class KafkaTransport
{
    /// <summary>The value of <c>Messaging:Transport</c> that chooses this transport.</summary>
    public const string Name = "Kafka";

    /// <summary>What a host passes to <c>AddWellWonPlatform</c> so that <c>Messaging:Transport=Kafka</c> can choose this transport.</summary>
    public static MessagingTransportAdapter Adapter { get; } = new(Name, builder => builder.AddKafkaTransport());

    /// <summary>The bus on Kafka, its options from <c>Messaging:Kafka</c> and <c>ConnectionStrings:kafka</c>, and a <c>kafka</c> health check.</summary>
    public static IHostApplicationBuilder AddKafkaTransport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddKafkaTransport(builder.Configuration);
        builder.Services.AddHealthChecks().AddCheck<KafkaHealthCheck>(KafkaOptions.ConnectionName);
        return builder;
    }

    /// <summary>
    /// <see cref="IMessagePublisher"/>, <see cref="IMessageConsumer"/> and <see cref="IDeadLetterStore"/> on Kafka, configured from
    /// <c>Messaging:Kafka</c> (brokers from <c>ConnectionStrings:kafka</c> unless <c>Messaging:Kafka:BootstrapServers</c> is set) and
    /// validated at start-up, and the topics this process needs created at start-up.
    /// </summary>
    public static IServiceCollection AddKafkaTransport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KafkaOptions>()
            .Bind(configuration.GetSection(KafkaOptions.SectionName))
            .PostConfigure(o => o.BootstrapServers ??= configuration.GetConnectionString(KafkaOptions.ConnectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KafkaClients>();
        services.TryAddSingleton<KafkaTopicNames>();
        services.TryAddSingleton<KafkaTopicProvisioner>();
        services.TryAddSingleton<IMessagePublisher, KafkaPublisher>();
        services.TryAddSingleton<IMessageConsumer, KafkaConsumer>();
        services.TryAddSingleton<IDeadLetterStore, KafkaDeadLetterStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, KafkaTopicProvisioning>());
        return services;
    }
}
