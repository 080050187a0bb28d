using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WellWon.Platform.EventStore;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Hosting;

namespace WellWon.Platform.KurrentDB;

/// <summary>Where the KurrentDB adapter takes its connection string from.</summary>
public sealed class KurrentDbOptions
{
    /// <summary>The name under <c>ConnectionStrings</c>, as the AppHost's <c>WithReference</c> of a resource named "kurrentdb" sets it.</summary>
    public const string ConnectionName = "kurrentdb";

    public string? ConnectionString { get; set; }
}

/// <summary>A missing or malformed connection string stops the host at start-up, with the parser's message.</summary>
internal sealed class KurrentDbOptionsValidator : IValidateOptions<KurrentDbOptions>
{
    public ValidateOptionsResult Validate(string? name, KurrentDbOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"ConnectionStrings:{KurrentDbOptions.ConnectionName} is not set; EventStore:Provider=KurrentDB needs it (e.g. 'kurrentdb://localhost:2113?tls=false').");
        }

        try
        {
            KurrentDbConnectionString.Parse(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (FormatException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}

public static class KurrentDbRegistration
{
    /// <summary>The value of <c>EventStore:Provider</c> that selects KurrentDB.</summary>
    public const string ProviderName = "KurrentDB";

    /// <summary>Hand this to <c>AddWellWonPlatform</c>: with <c>EventStore:Provider=KurrentDB</c> the platform registers the adapter.</summary>
    public static EventStoreProvider Provider { get; } = new(ProviderName, builder => builder.Services.AddKurrentDbEventStore(builder.Configuration));

    /// <summary>
    /// The KurrentDB event store as the service's <see cref="IEventStore"/> and <see cref="ILogSubscriptionFactory"/> (the relay then
    /// follows <c>$all</c>), over <c>ConnectionStrings:kurrentdb</c> (validated at start-up), with a "kurrentdb" readiness check.
    /// Snapshots and checkpoints stay in PostgreSQL: call <c>AddPostgresEventStore</c> as well (<c>AddWellWonPlatform</c> does);
    /// these registrations win over its PostgreSQL store whichever is called first.
    /// </summary>
    public static IServiceCollection AddKurrentDbEventStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddMetrics();
        services.AddLogging();
        services.AddOptions<KurrentDbOptions>()
            .Configure(o => o.ConnectionString ??= configuration.GetConnectionString(KurrentDbOptions.ConnectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KurrentDbOptions>, KurrentDbOptionsValidator>());
        services.TryAddSingleton<EventStoreTelemetry>();
        services.TryAddSingleton(sp => new KurrentDbConnection(
            KurrentDbConnectionString.Parse(sp.GetRequiredService<IOptions<KurrentDbOptions>>().Value.ConnectionString),
            sp.GetRequiredService<ILogger<KurrentDbConnection>>()));
        services.TryAddSingleton<KurrentDbEventStore>();
        services.TryAddSingleton<KurrentDbLogSubscriptionFactory>();
        services.Replace(ServiceDescriptor.Singleton<IEventStore>(sp => sp.GetRequiredService<KurrentDbEventStore>()));
        services.Replace(ServiceDescriptor.Singleton<ILogSubscriptionFactory>(sp => sp.GetRequiredService<KurrentDbLogSubscriptionFactory>()));
        services.AddHealthChecks().AddCheck<KurrentDbHealthCheck>("kurrentdb", tags: ["ready"]);
        return services;
    }
}
