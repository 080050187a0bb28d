using System.Globalization;
using Npgsql;

namespace WellWon.Reliability.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of the test's own (initdb into a temporary directory under /tmp, a free loopback port, durability off as in
/// the shared test cluster), so the test can stop and start it without touching the PostgreSQL other test classes share. initdb and
/// the server refuse to run as root, so as root they run as the postgres user (the commands of scripts/test-infra.sh).
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;

    private PrivatePostgres(string bin, string root, int port)
    {
        _bin = bin;
        Root = root;
        Port = port;
    }

    public string Root { get; }

    public int Port { get; }

    private string Data => Path.Combine(Root, "data");

    /// <summary>A connection string to the cluster's <c>postgres</c> database, in the form WELLWON_TEST_PG has.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "wellwon",
        Database = "postgres",
        Pooling = true,
        MaxPoolSize = 50,
    }.ConnectionString;

    public static async Task<PrivatePostgres> StartAsync(CancellationToken ct)
    {
        var bin = System.IO.Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0)
            .LastOrDefault() ?? throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql).");

        // Under /tmp, which the postgres user can reach (a root-only temp directory would not do).
        var root = Path.Combine("/tmp", $"wellwon-reliability-pg-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(root);
        var postgres = new PrivatePostgres(bin, root, FreePort.Next());
        try
        {
            if (IsRoot)
            {
                await ChildProcess.RunAsync("chown", ["postgres:postgres", root], ct);
            }

            await AsPostgresAsync(postgres._bin, "initdb", ["-D", postgres.Data, "-U", "wellwon", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], ct);
            await postgres.StartServerAsync(ct);
            return postgres;
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    public Task StartServerAsync(CancellationToken ct) =>
        AsPostgresAsync(_bin, "pg_ctl", [
            "-D", Data, "-l", Path.Combine(Root, "server.log"), "-w", "-t", "60", "start",
            "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -c listen_addresses=127.0.0.1 -c unix_socket_directories={Root} " +
                  "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
        ], ct);

    /// <summary>A clean, fast shutdown: open sessions are ended and new connections refused, as when the database service stops.</summary>
    public Task StopServerAsync(CancellationToken ct) => AsPostgresAsync(_bin, "pg_ctl", ["-D", Data, "-m", "fast", "-w", "-t", "60", "stop"], ct);

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            try
            {
                await AsPostgresAsync(_bin, "pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"], CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Not running.
            }
        }

        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Under /tmp; cleaned up eventually.
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static Task<string> AsPostgresAsync(string bin, string tool, IReadOnlyList<string> arguments, CancellationToken ct) =>
        IsRoot
            ? ChildProcess.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. arguments], ct, workingDirectory: "/tmp")
            : ChildProcess.RunAsync(Path.Combine(bin, tool), arguments, ct);
}
