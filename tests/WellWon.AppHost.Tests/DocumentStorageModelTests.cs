using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging.Abstractions;
using WellWon.AppHost.Infrastructure;

namespace WellWon.AppHost.Tests;

/// <summary>Where the Api and workers keep document content in each mode, and the signing key of download links, from the model alone.</summary>
public sealed class DocumentStorageModelTests
{
    private static readonly string[] Services = ["api", "event-processor", "data-sync"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Executables_mode_keeps_documents_in_the_data_roots_folder()
    {
        var root = Path.Combine(Path.GetTempPath(), $"wellwon-model-{Guid.NewGuid():N}");
        var resources = await ModelFor("executables", root);

        Assert.DoesNotContain(resources, r => r.Name == DocumentStorage.MinioName);
        foreach (var name in Services)
        {
            var env = await EnvironmentOf(Assert.Single(resources, r => r.Name == name));
            Assert.Equal(("FileSystem", Path.Combine(root, "documents")), (env["Documents__Storage__Provider"], env["Documents__Storage__Root"]));
        }

        Assert.Equal("{documents-signing-key.value}", (await EnvironmentOf(Assert.Single(resources, r => r.Name == "api")))["Documents__SigningKey"]);
    }

    [Fact]
    public async Task Containers_mode_runs_minio_and_points_the_services_at_its_bucket()
    {
        var resources = await ModelFor("containers", Path.GetTempPath());

        var minio = Assert.IsType<ContainerResource>(Assert.Single(resources, r => r.Name == DocumentStorage.MinioName), exactMatch: false);
        var image = Assert.Single(minio.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal((DocumentStorage.MinioImage, DocumentStorage.MinioTag), (image.Image, image.Tag));
        Assert.Equal([DocumentStorage.ApiPort], minio.Annotations.OfType<EndpointAnnotation>().Select(e => e.TargetPort ?? 0));
        Assert.Single(minio.Annotations.OfType<HealthCheckAnnotation>());
        foreach (var name in Services)
        {
            var service = Assert.Single(resources, r => r.Name == name);
            var env = await EnvironmentOf(service);
            Assert.Equal("S3", env["Documents__Storage__Provider"]);
            Assert.StartsWith("http://wellwon:{minio-password.value}@", env["Documents__Storage__S3Url"], StringComparison.Ordinal);
            Assert.EndsWith("/documents", env["Documents__Storage__S3Url"], StringComparison.Ordinal);
            Assert.Contains(service.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == DocumentStorage.MinioName);
        }
    }

    private static async Task<Dictionary<string, string>> EnvironmentOf(IResource resource)
    {
        var result = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish), NullLogger.Instance, Ct);
        Assert.Null(result.Exception);
        return result.EnvironmentVariables.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    private static async Task<IReadOnlyList<IResource>> ModelFor(string mode, string dataRoot)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.WellWon_AppHost>(
            [$"--Infra:Mode={mode}", $"--Infra:DataRoot={dataRoot}", "--Infra:SkipContainerRuntimeCheck=true"], Ct);
        return [.. builder.Resources];
    }
}
