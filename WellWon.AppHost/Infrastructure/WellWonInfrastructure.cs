using Aspire.Hosting.ApplicationModel;

namespace WellWon.AppHost.Infrastructure;

/// <summary>
/// The PostgreSQL database ("wellwon-db") and the Redis ("redis") every WellWon service connects to.
/// The services read <c>ConnectionStrings:wellwon-db</c> and <c>ConnectionStrings:redis</c> and cannot tell which mode provided them.
/// </summary>
public sealed record WellWonInfrastructure(
    InfrastructureMode Mode,
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Redis);

public static class WellWonInfrastructureExtensions
{
    public const string DatabaseName = "wellwon-db";
    public const string RedisName = "redis";

    /// <summary>
    /// Adds PostgreSQL and Redis in the mode that <c>Infra:Mode</c> names (<c>executables</c> | <c>containers</c>),
    /// by default <c>containers</c> when a container engine answers and <c>executables</c> otherwise.
    /// </summary>
    public static WellWonInfrastructure AddWellWonInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var mode = InfrastructureModes.Choose(builder.Configuration, out var reason);
        Console.WriteLine($"WellWon infrastructure: {mode.Name()} ({reason})");

        // One password for either mode's PostgreSQL, so switching modes never changes what the services are given.
        var dbPassword = builder.AddParameter("postgres-password", Secrets.Generated(32), secret: true, persist: true);

        return mode switch
        {
            InfrastructureMode.Executables => builder.AddExecutableInfrastructure(dbPassword),
            InfrastructureMode.Containers => builder.AddContainerInfrastructure(dbPassword),
            _ => throw new InvalidOperationException($"Unknown infrastructure mode {mode}."),
        };
    }
}
