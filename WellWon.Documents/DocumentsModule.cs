using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WellWon.Documents.Features;
using WellWon.Documents.ReadModel;
using WellWon.Documents.Storage;
using WellWon.Platform.Database;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.Scheduling;

namespace WellWon.Documents;

/// <summary>
/// Registers the Documents context: its schema, the document's events, the read model, the blob store chosen by
/// <c>Documents:Storage:Provider</c> and the services uploads, downloads and readers use. The tenant check (<c>ICompanyAccess</c>)
/// comes from the Companies module, which every host adds.
/// </summary>
public static class DocumentsModule
{
    public static IHostApplicationBuilder AddDocumentsModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDocumentsModule();
        return builder;
    }

    /// <summary>The Api's part: everything the commands and queries use.</summary>
    public static IServiceCollection AddDocumentsModule(this IServiceCollection services)
    {
        services.AddDocumentsReadModel();
        services.TryAddSingleton<ContentIndex>();
        services.TryAddSingleton<DownloadLinks>();
        services.TryAddScoped<DocumentUploads>();
        services.TryAddScoped<DocumentWrites>();
        return services;
    }

    /// <summary>What any process running Documents' projection or a document reader needs. Calling it twice registers nothing twice.</summary>
    public static IServiceCollection AddDocumentsReadModel(this IServiceCollection services)
    {
        services.AddContextAssembly(typeof(DocumentsModule).Assembly);
        services.TryAddSingleton(TimeProvider.System);
        services.AddAggregateStore();
        services.AddMigrations<DocumentsMigrations>();
        services.AddOptions<DocumentsOptions>()
            .BindConfiguration(DocumentsOptions.Section)
            .Validate(o => o.IsValid(), "Documents: MaxUploadBytes, LinkLifetime and AbandonedUploadAge must be positive, DeclarationRetention not negative.")
            .ValidateOnStart();
        services.AddBlobStore();
        services.TryAddSingleton<DocumentHistory>();
        services.TryAddSingleton<DocumentReader>();
        services.TryAddScoped<RecordReading>();
        services.TryAddSingleton<SupplierTemplates>();
        services.AddProjection<DocumentsProjection>();
        return services;
    }

    /// <summary>
    /// The event processor's part: the document reader (its own consumer group), which reads each new version and learns supplier
    /// templates from reviews; <c>Documents:Reading</c> sets how many documents it reads at once and for how long.
    /// </summary>
    public static IServiceCollection AddDocumentsReader(this IServiceCollection services)
    {
        services.AddDocumentsReaderServices();
        services.AddHostedService<DocumentReadingHost>();
        return services;
    }

    /// <summary>The reader's services without its consumer (what a process that reads on demand needs).</summary>
    public static IServiceCollection AddDocumentsReaderServices(this IServiceCollection services)
    {
        services.AddDocumentsReadModel();
        services.AddOptions<DocumentReadingOptions>()
            .BindConfiguration(DocumentReadingOptions.Section)
            .Validate(o => o.IsValid(), "Documents:Reading: MaxConcurrentDocuments at least 1, Timeout and TimeoutPerPage positive, Languages set.")
            .ValidateOnStart();
        services.TryAddSingleton<ReadingSlots>();
        services.TryAddSingleton<DocumentReadingHandler>();
        services.TryAddScoped<ReadDocumentVersion>();
        services.TryAddScoped<LearnSupplierTemplate>();
        return services;
    }

    /// <summary>The data-sync role's part: the sweep of abandoned uploads.</summary>
    public static IServiceCollection AddDocumentsSweep(this IServiceCollection services)
    {
        services.TryAddSingleton<ContentIndex>();
        return services.AddScheduledJob<AbandonedUploadsJob>();
    }

    /// <summary>The <see cref="IBlobStore"/> that <c>Documents:Storage</c> names; nothing is touched until the first use.</summary>
    public static IServiceCollection AddBlobStore(this IServiceCollection services)
    {
        services.AddOptions<BlobStoreOptions>()
            .BindConfiguration(BlobStoreOptions.Section)
            .Validate(o => o.IsValid(), "Documents:Storage: Provider is FileSystem (with a Root) or S3 (with S3Url = http(s)://key:secret@host:port/bucket).")
            .ValidateOnStart();
        services.TryAddSingleton<IBlobStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<BlobStoreOptions>>().Value;
            if (o.Provider == BlobStoreOptions.S3)
            {
                var location = S3Location.Parse(o.S3Url!);
                return new S3BlobStore(location.CreateClient(), location.Bucket);
            }

            return new FileSystemBlobStore(o.Root);
        });
        return services;
    }
}
