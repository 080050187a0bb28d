using Aspire.Hosting.ApplicationModel;

namespace WellWon.AppHost.Infrastructure;

/// <summary>
/// A single-node Kafka (KRaft, no ZooKeeper) in the <c>confluentinc/confluent-local</c> image, declared the way Aspire's own Kafka
/// integration does (its package is not served here): a host listener for the services, an internal one for other containers, the
/// listeners set in an environment callback. Its connection string is the bootstrap address, <c>ConnectionStrings:kafka</c>.
/// </summary>
public sealed class KafkaBrokerResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";
    public const string InternalEndpointName = "internal";

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    public EndpointReference InternalEndpoint => new(this, InternalEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}

internal static class KafkaContainer
{
    public const string Registry = "docker.io";
    public const string Image = "confluentinc/confluent-local";
    public const string Tag = "7.9.1";   // the tag Aspire.Hosting.Kafka 13 runs
    public const int BrokerPort = 9092;
    public const int InternalBrokerPort = 9093;
    public const string DataPath = "/var/lib/kafka/data";

    public static IResourceBuilder<KafkaBrokerResource> AddKafkaBroker(this IDistributedApplicationBuilder builder, string name)
    {
        var kafka = new KafkaBrokerResource(name);
        return builder.AddResource(kafka)
            .WithEndpoint(targetPort: BrokerPort, name: KafkaBrokerResource.PrimaryEndpointName)
            .WithEndpoint(targetPort: InternalBrokerPort, name: KafkaBrokerResource.InternalEndpointName)
            .WithImage(Image, Tag)
            .WithImageRegistry(Registry)
            .WithEnvironment(context => Configure(context, kafka))
            .WithVolume($"wellwon-{name}-data", DataPath)
            .WithHealthCheck(ReadinessChecks.AddKafka(builder, $"{name}-ready", kafka.PrimaryEndpoint));
    }

    /// <summary>
    /// KRaft in one node: the image's default PLAINTEXT and CONTROLLER listeners inside the container, PLAINTEXT_HOST on 9092 for
    /// the services (advertised with the port they reach it on) and PLAINTEXT_INTERNAL on 9093 for other containers.
    /// </summary>
    private static void Configure(EnvironmentCallbackContext context, KafkaBrokerResource kafka)
    {
        var primary = kafka.PrimaryEndpoint;
        var @internal = kafka.InternalEndpoint;
        context.EnvironmentVariables["KAFKA_LISTENERS"] =
            $"PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:{BrokerPort},PLAINTEXT_INTERNAL://0.0.0.0:{InternalBrokerPort}";
        context.EnvironmentVariables["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"] =
            "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT,PLAINTEXT_INTERNAL:PLAINTEXT";
        context.EnvironmentVariables["KAFKA_ADVERTISED_LISTENERS"] = context.ExecutionContext.IsRunMode
            // Run mode: other containers reach the broker on Aspire's container network under its resource name.
            ? ReferenceExpression.Create(
                $"PLAINTEXT://localhost:29092,PLAINTEXT_HOST://localhost:{primary.Property(EndpointProperty.Port)},PLAINTEXT_INTERNAL://{kafka.Name}:{@internal.Property(EndpointProperty.TargetPort)}")
            : ReferenceExpression.Create(
                $"PLAINTEXT://{primary.Property(EndpointProperty.Host)}:29092,PLAINTEXT_HOST://{primary.Property(EndpointProperty.HostAndPort)},PLAINTEXT_INTERNAL://{@internal.Property(EndpointProperty.HostAndPort)}");
        context.EnvironmentVariables["KAFKA_LOG_DIRS"] = DataPath;
    }
}
