using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging.Abstractions;
using WellWon.AppHost.Infrastructure;

namespace WellWon.AppHost.Tests;

/// <summary>
/// The containers-mode model as the AppHost builds it, inspected without running it (no engine is needed for that): the Kafka and
/// KurrentDB containers, their images, volumes, environment and health checks, what the services are given, and the flags' effect.
/// </summary>
public sealed class ContainersModeModelTests
{
    private static readonly string[] Services = ["api", "event-processor", "data-sync"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Containers_mode_adds_kafka_and_kurrentdb_by_default()
    {
        var resources = await ModelFor("containers");

        Assert.IsType<KafkaBrokerResource>(Single(resources, "kafka"));
        Assert.IsType<KurrentDbResource>(Single(resources, "kurrentdb"));
        Assert.Contains(resources, r => r is ContainerResource { Name: "postgres" });
        Assert.Contains(resources, r => r is ContainerResource { Name: "redis" });
    }

    [Fact]
    public async Task Kafka_is_the_single_node_kraft_image_aspire_uses_with_its_listeners_a_volume_and_a_kafka_health_check()
    {
        var kafka = (KafkaBrokerResource)Single(await ModelFor("containers"), "kafka");

        var image = Assert.Single(kafka.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal(("docker.io", "confluentinc/confluent-local", "7.9.1"), (image.Registry, image.Image, image.Tag));
        Assert.Equal([9092, 9093], kafka.Annotations.OfType<EndpointAnnotation>().Select(e => e.TargetPort ?? 0).Order());
        var volume = Assert.Single(kafka.Annotations.OfType<ContainerMountAnnotation>());
        Assert.Equal((ContainerMountType.Volume, "/var/lib/kafka/data"), (volume.Type, volume.Target));
        Assert.Equal(["kafka-ready"], kafka.Annotations.OfType<HealthCheckAnnotation>().Select(h => h.Key));

        var env = await EnvironmentOf(kafka, DistributedApplicationOperation.Publish);
        Assert.Equal("PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:9092,PLAINTEXT_INTERNAL://0.0.0.0:9093", env["KAFKA_LISTENERS"]);
        Assert.Equal("CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT,PLAINTEXT_INTERNAL:PLAINTEXT", env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"]);
        Assert.Contains("PLAINTEXT_HOST://", env["KAFKA_ADVERTISED_LISTENERS"]);
        Assert.Contains("PLAINTEXT_INTERNAL://", env["KAFKA_ADVERTISED_LISTENERS"]);
        Assert.Equal("/var/lib/kafka/data", env["KAFKA_LOG_DIRS"]);
    }

    [Fact]
    public async Task Kafka_advertises_the_port_the_services_reach_it_on_and_that_is_its_connection_string()
    {
        var kafka = (KafkaBrokerResource)Single(await ModelFor("containers"), "kafka");
        Allocate(kafka, KafkaBrokerResource.PrimaryEndpointName, 19092);
        Allocate(kafka, KafkaBrokerResource.InternalEndpointName, 19093);

        Assert.Equal("localhost:19092", await kafka.ConnectionStringExpression.GetValueAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct));
        // The container's own callback, run as in run mode, and its expression resolved against the allocated ports.
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), kafka, [], Ct);
        foreach (var callback in kafka.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        var advertised = Assert.IsType<ReferenceExpression>(context.EnvironmentVariables["KAFKA_ADVERTISED_LISTENERS"]);
        Assert.Equal("PLAINTEXT://localhost:29092,PLAINTEXT_HOST://localhost:19092,PLAINTEXT_INTERNAL://kafka:9093",
            await advertised.GetValueAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task Kurrentdb_is_one_insecure_node_on_2113_with_a_volume_and_an_http_liveness_check()
    {
        var kurrentDb = (KurrentDbResource)Single(await ModelFor("containers"), "kurrentdb");

        var image = Assert.Single(kurrentDb.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal(("docker.io", "kurrentplatform/kurrentdb", KurrentDbContainer.Tag), (image.Registry, image.Image, image.Tag));
        var endpoint = Assert.Single(kurrentDb.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(("http", 2113), (endpoint.Name, endpoint.TargetPort));
        var volume = Assert.Single(kurrentDb.Annotations.OfType<ContainerMountAnnotation>());
        Assert.Equal((ContainerMountType.Volume, "/var/lib/kurrentdb"), (volume.Type, volume.Target));
        var check = Assert.Single(kurrentDb.Annotations.OfType<HealthCheckAnnotation>());
        Assert.Contains("/health/live", check.Key);

        var env = await EnvironmentOf(kurrentDb, DistributedApplicationOperation.Publish);
        Assert.Equal("true", env["KURRENTDB_INSECURE"]);
        Assert.Equal("None", env["KURRENTDB_RUN_PROJECTIONS"]);
        Assert.Equal("1", env["KURRENTDB_CLUSTER_SIZE"]);
        Assert.False(env.ContainsKey("KURRENTDB_ENABLE_ATOM_PUB_OVER_HTTP"));

        Allocate(kurrentDb, KurrentDbResource.HttpEndpointName, 12113);
        Assert.Equal("kurrentdb://localhost:12113?tls=false",
            await kurrentDb.ConnectionStringExpression.GetValueAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task Api_and_workers_are_pointed_at_kafka_and_kurrentdb_and_wait_for_them()
    {
        var resources = await ModelFor("containers");

        foreach (var name in Services)
        {
            var service = (ProjectResource)Single(resources, name);
            var env = await EnvironmentOf(service, DistributedApplicationOperation.Publish);
            Assert.Equal("{kafka.connectionString}", env["ConnectionStrings__kafka"]);
            Assert.Equal("{kurrentdb.connectionString}", env["ConnectionStrings__kurrentdb"]);
            Assert.Equal("Kafka", env["Messaging__Transport"]);
            Assert.Equal("KurrentDB", env["EventStore__Provider"]);
            Assert.Contains(service.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "kafka");
            Assert.Contains(service.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "kurrentdb");
        }

        var web = await EnvironmentOf(((ProjectResource)Single(resources, "web")), DistributedApplicationOperation.Publish);
        Assert.DoesNotContain(web.Keys, k => k is "ConnectionStrings__kafka" or "ConnectionStrings__kurrentdb" or "Messaging__Transport" or "EventStore__Provider");
    }

    [Fact]
    public async Task Postgres_can_stay_the_event_store_while_kafka_carries_the_events()
    {
        var resources = await ModelFor("containers", "--Infra:EventStore=postgres");

        Assert.DoesNotContain(resources, r => r is KurrentDbResource);
        Assert.IsType<KafkaBrokerResource>(Single(resources, "kafka"));
        var env = await EnvironmentOf(((ProjectResource)Single(resources, "api")), DistributedApplicationOperation.Publish);
        Assert.Equal("Kafka", env["Messaging__Transport"]);
        Assert.False(env.ContainsKey("EventStore__Provider"));
        Assert.False(env.ContainsKey("ConnectionStrings__kurrentdb"));
    }

    [Fact]
    public async Task Redis_streams_can_stay_the_transport_while_kurrentdb_stores_the_events()
    {
        var resources = await ModelFor("containers", "--Infra:Transport=redis");

        Assert.DoesNotContain(resources, r => r is KafkaBrokerResource);
        Assert.IsType<KurrentDbResource>(Single(resources, "kurrentdb"));
        var env = await EnvironmentOf(((ProjectResource)Single(resources, "event-processor")), DistributedApplicationOperation.Publish);
        Assert.Equal("KurrentDB", env["EventStore__Provider"]);
        Assert.False(env.ContainsKey("Messaging__Transport"));
        Assert.False(env.ContainsKey("ConnectionStrings__kafka"));
    }

    [Fact]
    public async Task Executables_mode_gives_the_services_nothing_new()
    {
        var resources = await ModelFor("executables");

        Assert.DoesNotContain(resources, r => r is KafkaBrokerResource or KurrentDbResource);
        foreach (var name in Services)
        {
            var env = await EnvironmentOf(Single(resources, name), DistributedApplicationOperation.Publish);
            Assert.DoesNotContain(env.Keys, k => k is "ConnectionStrings__kafka" or "ConnectionStrings__kurrentdb" or "Messaging__Transport" or "EventStore__Provider");
        }
    }

    /// <summary>The environment the resource would be started with (Run) or published with (Publish: references stay expressions).</summary>
    private static async Task<Dictionary<string, string>> EnvironmentOf(IResource resource, DistributedApplicationOperation operation)
    {
        var result = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(operation), NullLogger.Instance, Ct);
        Assert.Null(result.Exception);
        return result.EnvironmentVariables.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    private static IResource Single(IEnumerable<IResource> resources, string name) => Assert.Single(resources, r => r.Name == name);

    private static void Allocate(IResourceWithEndpoints resource, string endpoint, int port)
    {
        var annotation = resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpoint);
        annotation.AllocatedEndpoint = new AllocatedEndpoint(annotation, "localhost", port);
    }

    private static async Task<IReadOnlyList<IResource>> ModelFor(string mode, params string[] flags)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.WellWon_AppHost>(
            [$"--Infra:Mode={mode}", $"--Infra:DataRoot={Path.GetTempPath()}", "--Infra:SkipContainerRuntimeCheck=true", .. flags], Ct);
        return [.. builder.Resources];
    }
}
