using Microsoft.Extensions.Configuration;

namespace WellWon.AppHost.Infrastructure;

/// <summary>Where events are stored: WellWon's PostgreSQL event store or KurrentDB.</summary>
public enum EventStoreChoice
{
    Postgres,
    KurrentDb,
}

/// <summary>What carries events from the relay to the workers: Redis Streams or Kafka.</summary>
public enum TransportChoice
{
    Redis,
    Kafka,
}

/// <summary>
/// The event store and transport the AppHost provides: <c>Infra:EventStore=postgres|kurrentdb</c> and <c>Infra:Transport=redis|kafka</c>.
/// Containers mode defaults to KurrentDB and Kafka and takes either flag to keep PostgreSQL or Redis Streams; executables mode has
/// no KurrentDB or Kafka to run, so it stays PostgreSQL and Redis Streams and refuses a flag asking otherwise.
/// </summary>
public sealed record InfrastructureChoice(EventStoreChoice EventStore, TransportChoice Transport)
{
    public static InfrastructureChoice For(InfrastructureMode mode, IConfiguration configuration)
    {
        var containers = mode == InfrastructureMode.Containers;
        var eventStore = Parse(configuration, "Infra:EventStore", containers ? EventStoreChoice.KurrentDb : EventStoreChoice.Postgres,
            ("postgres", EventStoreChoice.Postgres), ("kurrentdb", EventStoreChoice.KurrentDb));
        var transport = Parse(configuration, "Infra:Transport", containers ? TransportChoice.Kafka : TransportChoice.Redis,
            ("redis", TransportChoice.Redis), ("kafka", TransportChoice.Kafka));

        if (!containers && (eventStore == EventStoreChoice.KurrentDb || transport == TransportChoice.Kafka))
        {
            throw new InfrastructureChoiceException(
                $"Infra:EventStore={Name(eventStore)} and Infra:Transport={Name(transport)} ask for a server that runs as a container; " +
                "executables mode provides PostgreSQL and Redis only. Run with --Infra:Mode=containers (Docker or Podman), or drop the flag.");
        }

        return new InfrastructureChoice(eventStore, transport);
    }

    public static string Name(EventStoreChoice choice) => choice == EventStoreChoice.KurrentDb ? "kurrentdb" : "postgres";

    public static string Name(TransportChoice choice) => choice == TransportChoice.Kafka ? "kafka" : "redis";

    public override string ToString() => $"event store {Name(EventStore)}, transport {Name(Transport)}";

    private static T Parse<T>(IConfiguration configuration, string key, T fallback, params (string Name, T Value)[] values)
    {
        var configured = configuration[key]?.Trim();
        if (string.IsNullOrEmpty(configured))
        {
            return fallback;
        }

        foreach (var (name, value) in values)
        {
            if (string.Equals(name, configured, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new InfrastructureChoiceException($"{key} is '{configured}'; use {string.Join(" or ", values.Select(v => $"'{v.Name}'"))}.");
    }
}
