using Microsoft.Extensions.Configuration;
using WellWon.AppHost.Infrastructure;

namespace WellWon.AppHost.Tests;

/// <summary>How the mode and the flags are chosen, with the container engines played by a probe.</summary>
public sealed class InfrastructureChoiceTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private static EngineProbe NoEngine(string runtime) =>
        new(runtime, false, runtime == "docker" ? "Cannot connect to the Docker daemon at unix:///var/run/docker.sock." : "not installed");

    [Fact]
    public void Containers_mode_without_an_engine_fails_at_once_with_one_message_naming_what_was_tried_and_the_way_out()
    {
        var error = Assert.Throws<InfrastructureChoiceException>(() =>
            InfrastructureModes.Choose(Config(("Infra:Mode", "containers")), NoEngine, out _));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("needs a container engine, and none answered", error.Message);
        Assert.Contains("docker: Cannot connect to the Docker daemon", error.Message);
        Assert.Contains("podman: not installed", error.Message);
        Assert.Contains("--Infra:Mode=executables", error.Message);
    }

    [Fact]
    public void Containers_mode_drives_the_engine_that_answered()
    {
        var configuration = Config(("Infra:Mode", "containers"));

        var mode = InfrastructureModes.Choose(configuration, r => r == "podman" ? new(r, true, "5.4.2") : NoEngine(r), out _);

        Assert.Equal(InfrastructureMode.Containers, mode);
        Assert.Equal("podman", configuration["ASPIRE_CONTAINER_RUNTIME"]);
    }

    [Fact]
    public void The_containers_model_can_be_built_without_asking_an_engine()
    {
        var asked = 0;

        var mode = InfrastructureModes.Choose(Config(("Infra:Mode", "containers"), ("Infra:SkipContainerRuntimeCheck", "true")),
            r => { asked++; return NoEngine(r); }, out _);

        Assert.Equal(InfrastructureMode.Containers, mode);
        Assert.Equal(0, asked);
    }

    [Fact]
    public void Without_a_mode_a_machine_without_an_engine_gets_executables()
    {
        Assert.Equal(InfrastructureMode.Executables, InfrastructureModes.Choose(Config(), NoEngine, out var reason));
        Assert.Equal("no container engine answers", reason);
    }

    [Theory]
    [InlineData("containers", null, null, EventStoreChoice.KurrentDb, TransportChoice.Kafka)]
    [InlineData("containers", "postgres", null, EventStoreChoice.Postgres, TransportChoice.Kafka)]
    [InlineData("containers", null, "redis", EventStoreChoice.KurrentDb, TransportChoice.Redis)]
    [InlineData("containers", "POSTGRES", "Redis", EventStoreChoice.Postgres, TransportChoice.Redis)]
    [InlineData("executables", null, null, EventStoreChoice.Postgres, TransportChoice.Redis)]
    [InlineData("executables", "postgres", "redis", EventStoreChoice.Postgres, TransportChoice.Redis)]
    public void The_flags_choose_event_store_and_transport_with_defaults_by_mode(
        string mode, string? eventStore, string? transport, EventStoreChoice expectedStore, TransportChoice expectedTransport)
    {
        var settings = new List<(string, string)>();
        if (eventStore is not null)
        {
            settings.Add(("Infra:EventStore", eventStore));
        }

        if (transport is not null)
        {
            settings.Add(("Infra:Transport", transport));
        }

        var choice = InfrastructureChoice.For(mode == "containers" ? InfrastructureMode.Containers : InfrastructureMode.Executables, Config([.. settings]));

        Assert.Equal(new InfrastructureChoice(expectedStore, expectedTransport), choice);
    }

    [Theory]
    [InlineData("Infra:Transport", "kafka")]
    [InlineData("Infra:EventStore", "kurrentdb")]
    public void Executables_mode_refuses_a_server_it_cannot_run(string key, string value)
    {
        var error = Assert.Throws<InfrastructureChoiceException>(() => InfrastructureChoice.For(InfrastructureMode.Executables, Config((key, value))));

        Assert.Contains("--Infra:Mode=containers", error.Message);
    }

    [Fact]
    public void An_unknown_flag_value_names_the_choices()
    {
        var error = Assert.Throws<InfrastructureChoiceException>(() =>
            InfrastructureChoice.For(InfrastructureMode.Containers, Config(("Infra:Transport", "rabbitmq"))));

        Assert.Equal("Infra:Transport is 'rabbitmq'; use 'redis' or 'kafka'.", error.Message);
    }
}
