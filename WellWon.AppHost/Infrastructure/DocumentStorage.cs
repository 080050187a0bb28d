using Aspire.Hosting.ApplicationModel;

namespace WellWon.AppHost.Infrastructure;

/// <summary>
/// Where the services keep document content: a directory under the data root in executables mode, a MinIO container (S3 API) in
/// containers mode. The services read <c>Documents:Storage:*</c> and cannot tell which.
/// </summary>
public sealed record DocumentStorage(string? Root, IResourceBuilder<ContainerResource>? Minio, ReferenceExpression? S3Url)
{
    public const string MinioName = "minio";
    public const string MinioImage = "minio/minio";
    public const string MinioTag = "RELEASE.2025-04-22T22-12-26Z";
    public const string MinioUser = "wellwon";
    public const string Bucket = "documents";
    public const int ApiPort = 9000;

    /// <summary>The file-system store under <paramref name="dataRoot"/>.</summary>
    public static DocumentStorage Directory(string dataRoot) => new(Path.Combine(dataRoot, "documents"), null, null);

    /// <summary>A MinIO server with its data in a volume; the services get an S3 URL with its credentials and the bucket (created on first use).</summary>
    public static DocumentStorage AddMinio(IDistributedApplicationBuilder builder)
    {
        var password = builder.AddParameter("minio-password", Secrets.Generated(32), secret: true, persist: true);
        var minio = builder.AddContainer(MinioName, MinioImage, MinioTag)
            .WithImageRegistry("docker.io")
            .WithArgs("server", "/data")
            .WithHttpEndpoint(targetPort: ApiPort, name: "http")
            .WithEnvironment("MINIO_ROOT_USER", MinioUser)
            .WithEnvironment("MINIO_ROOT_PASSWORD", password)
            .WithVolume("wellwon-minio-data", "/data")
            .WithHttpHealthCheck("/minio/health/live");
        var endpoint = minio.GetEndpoint("http");
        var url = ReferenceExpression.Create(
            $"http://{MinioUser}:{password}@{endpoint.Property(EndpointProperty.Host)}:{endpoint.Property(EndpointProperty.Port)}/{Bucket}");
        return new DocumentStorage(null, minio, url);
    }
}

public static class DocumentStorageExtensions
{
    /// <summary>Points a service at the run's document storage (and makes it wait for MinIO when there is one).</summary>
    public static IResourceBuilder<ProjectResource> WithDocumentStorage(this IResourceBuilder<ProjectResource> project, DocumentStorage storage)
    {
        if (storage is { Minio: { } minio, S3Url: { } url })
        {
            return project.WaitFor(minio)
                .WithEnvironment("Documents__Storage__Provider", "S3")
                .WithEnvironment("Documents__Storage__S3Url", url);
        }

        return project
            .WithEnvironment("Documents__Storage__Provider", "FileSystem")
            .WithEnvironment("Documents__Storage__Root", storage.Root!);
    }
}
