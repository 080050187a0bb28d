using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Tests;

namespace WellWon.Documents.Tests.Http;

/// <summary>The real WellWon.Api on a database and Redis prefix of its own (<see cref="ApiTestHost"/>), with a blob directory of its own.</summary>
public sealed class DocumentsApiFactory() : ApiTestHost("documents")
{
    /// <summary>Small, so the limit is proven with a file of a few hundred kilobytes.</summary>
    public const long MaxUploadBytes = 256 * 1024;

    /// <summary>The file-system blob store's directory, removed at the end.</summary>
    public string BlobRoot { get; } = Path.Combine(Path.GetTempPath(), $"wellwon-documents-test-{Guid.NewGuid():N}");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(BlobRoot))
        {
            Directory.Delete(BlobRoot, recursive: true);
        }
    }

    /// <summary>A count from the Api's database.</summary>
    public async Task<long> CountAsync(string sql)
    {
        await using var db = Npgsql.NpgsqlDataSource.Create(ConnectionString);
        await using var command = db.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("Documents:Storage:Provider", "FileSystem"),
        new("Documents:Storage:Root", BlobRoot),
        new("Documents:SigningKey", "documents-test-signing-key-" + KeyPrefix),
        new("Documents:MaxUploadBytes", MaxUploadBytes.ToString(CultureInfo.InvariantCulture)),
    ];

    // The reader runs in the worker; the tests hand it events themselves, in the Api's container, against the same database.
    protected override void ConfigureHost(IWebHostBuilder builder) => builder.ConfigureServices(services => services.AddDocumentsReaderServices());
}
