using Aspire.Hosting.ApplicationModel;

namespace WellWon.AppHost.Infrastructure;

/// <summary>
/// A single insecure KurrentDB node (the community Aspire integration is not served here), gRPC and HTTP on 2113. Its connection
/// string has the shape that integration gives, <c>kurrentdb://host:port?tls=false</c>, as <c>ConnectionStrings:kurrentdb</c>.
/// </summary>
public sealed class KurrentDbResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    public const string HttpEndpointName = "http";

    public EndpointReference PrimaryEndpoint => new(this, HttpEndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"kurrentdb://{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}?tls=false");
}

internal static class KurrentDbContainer
{
    public const string Registry = "docker.io";
    public const string Image = "kurrentplatform/kurrentdb";
    public const string Tag = "26.0.2";
    public const int Port = 2113;
    public const string DataPath = "/var/lib/kurrentdb";

    public static IResourceBuilder<KurrentDbResource> AddKurrentDb(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new KurrentDbResource(name))
            .WithHttpEndpoint(targetPort: Port, name: KurrentDbResource.HttpEndpointName)
            .WithImage(Image, Tag)
            .WithImageRegistry(Registry)
            .WithEnvironment("KURRENTDB_CLUSTER_SIZE", "1")
            .WithEnvironment("KURRENTDB_INSECURE", "true")
            // WellWon keeps its own read models and checkpoints; server-side projections would only cost CPU. gRPC needs no AtomPub.
            .WithEnvironment("KURRENTDB_RUN_PROJECTIONS", "None")
            .WithEnvironment("KURRENTDB_NODE_PORT", Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithVolume($"wellwon-{name}-data", DataPath)
            .WithHttpHealthCheck("/health/live", endpointName: KurrentDbResource.HttpEndpointName);
}
