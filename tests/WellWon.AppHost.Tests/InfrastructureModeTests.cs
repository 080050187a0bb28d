using Aspire.Hosting.ApplicationModel;

namespace WellWon.AppHost.Tests;

/// <summary>The model each mode builds (nothing is started): containers only in containers mode, the same connection names in both.</summary>
public sealed class InfrastructureModeTests
{
    [Fact]
    public async Task Executables_mode_has_no_container_so_nothing_waits_for_a_missing_engine()
    {
        var resources = await ModelFor("executables");

        Assert.Empty(resources.OfType<ContainerResource>());
        Assert.Contains(resources, r => r is ExecutableResource { Name: "postgres" });
        Assert.Contains(resources, r => r is ExecutableResource { Name: "redis-server" });
        AssertServicesGetTheSameConnectionNames(resources);
    }

    [Fact]
    public async Task Containers_mode_declares_postgres_and_redis_containers()
    {
        var resources = await ModelFor("containers");

        Assert.Contains(resources, r => r is ContainerResource { Name: "postgres" });
        Assert.Contains(resources, r => r is ContainerResource { Name: "redis" });
        Assert.DoesNotContain(resources, r => r is ExecutableResource { Name: "postgres" or "redis-server" });
        AssertServicesGetTheSameConnectionNames(resources);
    }

    private static void AssertServicesGetTheSameConnectionNames(IReadOnlyList<IResource> resources)
    {
        Assert.Contains(resources, r => r is IResourceWithConnectionString { Name: "wellwon-db" });
        Assert.Contains(resources, r => r is IResourceWithConnectionString { Name: "redis" });
    }

    private static async Task<IReadOnlyList<IResource>> ModelFor(string mode)
    {
        // The model is only built, never run: the containers model needs no engine to be inspected.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.WellWon_AppHost>(
            [$"--Infra:Mode={mode}", $"--Infra:DataRoot={Path.GetTempPath()}", "--Infra:SkipContainerRuntimeCheck=true"], TestContext.Current.CancellationToken);
        return [.. builder.Resources];
    }
}
