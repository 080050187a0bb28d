using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WellWon.Documents.Storage;
using WellWon.Platform.Scheduling;

namespace WellWon.Documents.Features;

/// <summary>
/// Deletes the blobs of uploads that never finished (the process died between writing the bytes and recording them) once they are
/// older than <c>Documents:AbandonedUploadAge</c>, with any reservation they held; and, for the file-system store, stray
/// <c>.partial</c> files. Runs in the data-sync role.
/// </summary>
public sealed class AbandonedUploadsJob(TimeProvider clock, IOptions<DocumentsOptions> options) : IScheduledJob
{
    public const int Batch = 500;

    public string Name => "documents.abandoned-uploads";

    public TimeSpan Interval => TimeSpan.FromMinutes(15);

    public async Task RunAsync(JobContext context, CancellationToken ct)
    {
        var index = context.Services.GetRequiredService<ContentIndex>();
        var blobs = context.Services.GetRequiredService<IBlobStore>();
        var age = options.Value.AbandonedUploadAge;
        var now = clock.GetUtcNow();
        var removed = 0;
        foreach (var key in await index.AbandonedUploadsAsync(now - age, Batch, ct))
        {
            await blobs.DeleteAsync(key, ct);
            await index.ReleaseBlobAsync(key, ct);
            await index.EndUploadAsync(key, ct);
            removed++;
        }

        context.Summary["blobs"] = removed;
        if (blobs is FileSystemBlobStore files)
        {
            context.Summary["partials"] = files.SweepPartials(age, now);
        }
    }
}
