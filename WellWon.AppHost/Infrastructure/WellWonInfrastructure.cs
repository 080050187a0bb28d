using Aspire.Hosting.ApplicationModel;

namespace WellWon.AppHost.Infrastructure;

/// <summary>
/// The PostgreSQL database ("wellwon-db") and the Redis ("redis") every WellWon service connects to, and in containers mode the Kafka
/// ("kafka") and KurrentDB ("kurrentdb") the flags chose. The services read <c>ConnectionStrings:*</c> and cannot tell which mode
/// provided them.
/// </summary>
public sealed record WellWonInfrastructure(
    InfrastructureMode Mode,
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Redis)
{
    /// <summary>The broker that carries events instead of Redis Streams; null when Redis Streams does.</summary>
    public IResourceBuilder<IResourceWithConnectionString>? Kafka { get; init; }

    /// <summary>The event store instead of PostgreSQL's; null when PostgreSQL stores the events.</summary>
    public IResourceBuilder<IResourceWithConnectionString>? KurrentDb { get; init; }

    /// <summary>Where document content is kept: a directory (executables) or MinIO (containers).</summary>
    public DocumentStorage Documents { get; init; } = null!;
}

public static class WellWonInfrastructureExtensions
{
    public const string DatabaseName = "wellwon-db";
    public const string RedisName = "redis";
    public const string KafkaName = "kafka";
    public const string KurrentDbName = "kurrentdb";

    /// <summary>
    /// Adds PostgreSQL and Redis in the mode that <c>Infra:Mode</c> names (<c>executables</c> | <c>containers</c>),
    /// by default <c>containers</c> when a container engine answers and <c>executables</c> otherwise; in containers mode also
    /// KurrentDB and Kafka unless <c>Infra:EventStore=postgres</c> / <c>Infra:Transport=redis</c>.
    /// Throws <see cref="InfrastructureChoiceException"/> when what is asked for cannot run here.
    /// </summary>
    public static WellWonInfrastructure AddWellWonInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var mode = InfrastructureModes.Choose(builder.Configuration, out var reason);
        var choice = InfrastructureChoice.For(mode, builder.Configuration);
        Console.WriteLine($"WellWon infrastructure: {mode.Name()} ({reason}); {choice}");

        // One password for either mode's PostgreSQL, so switching modes never changes what the services are given.
        var dbPassword = builder.AddParameter("postgres-password", Secrets.Generated(32), secret: true, persist: true);

        return mode switch
        {
            InfrastructureMode.Executables => builder.AddExecutableInfrastructure(dbPassword),
            InfrastructureMode.Containers => builder.AddContainerInfrastructure(dbPassword, choice),
            _ => throw new InvalidOperationException($"Unknown infrastructure mode {mode}."),
        };
    }

    /// <summary>
    /// Points a service at the event store and transport of this run: with Kafka, <c>ConnectionStrings__kafka</c> and
    /// <c>Messaging__Transport=Kafka</c>; with KurrentDB, <c>ConnectionStrings__kurrentdb</c> and <c>EventStore__Provider=KurrentDB</c>.
    /// PostgreSQL and Redis Streams need nothing: they are the services' defaults.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithEventStoreAndTransport(this IResourceBuilder<ProjectResource> project, WellWonInfrastructure infra)
    {
        if (infra.Kafka is { } kafka)
        {
            project.WithReference(kafka).WaitFor(kafka).WithEnvironment("Messaging__Transport", "Kafka");
        }

        if (infra.KurrentDb is { } kurrentDb)
        {
            project.WithReference(kurrentDb).WaitFor(kurrentDb).WithEnvironment("EventStore__Provider", "KurrentDB");
        }

        return project;
    }
}
