namespace WellWon.Benchmarks;

/// <summary>
/// Command line: <c>--pg &lt;admin connection string&gt; --redis &lt;host:port&gt; --api &lt;WellWon.Api.dll&gt; --workers &lt;WellWon.Workers.dll&gt;
/// [--quick] [--only append,read,http,pipeline,chat,dashboard,documents]</c>.
/// The connection strings default to WELLWON_TEST_PG and WELLWON_TEST_REDIS, which <c>./wellwon bench</c> sets.
/// </summary>
public sealed record BenchOptions(string Postgres, string Redis, string? ApiAssembly, string? WorkersAssembly, BenchScale Scale, IReadOnlySet<string> Only)
{
    /// <summary>The full path of a built service, or a message saying how to pass it.</summary>
    public string RequireAssembly(string? path, string name, string option) =>
        path is not null && File.Exists(path)
            ? Path.GetFullPath(path)
            : throw new ArgumentException($"{name} not found at '{path}': pass {option} (./wellwon bench builds it).");

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        var postgres = Value("--pg") ?? Environment.GetEnvironmentVariable("WELLWON_TEST_PG")
            ?? throw new ArgumentException("No PostgreSQL: pass --pg or set WELLWON_TEST_PG (./wellwon bench does both).");
        var redis = Value("--redis") ?? Environment.GetEnvironmentVariable("WELLWON_TEST_REDIS")
            ?? throw new ArgumentException("No Redis: pass --redis or set WELLWON_TEST_REDIS (./wellwon bench does both).");
        var only = (Value("--only") ?? "append,read,http,pipeline,chat,dashboard").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new BenchOptions(
            postgres,
            redis,
            Value("--api"),
            Value("--workers"),
            args.Contains("--quick") ? BenchScale.Quick : BenchScale.Full,
            new HashSet<string>(only, StringComparer.OrdinalIgnoreCase));
    }
}

/// <summary>How much work each figure does: the full run for the table, a quick one to try the harness.</summary>
public sealed record BenchScale(
    int AppendsPerRowSingle,
    int AppendsPerRowBatch,
    TimeSpan AppendCap,
    int ReadEvents,
    int HttpRequestsPerClient,
    TimeSpan HttpCap,
    TimeSpan PipelineDuration,
    int ChatMessages,
    int ChatRequestsPerClient,
    TimeSpan ChatCap,
    int DashboardShipments,
    int DashboardRequests,
    int Documents,
    int PsmSample)
{
    public static readonly BenchScale Full = new(
        4_000, 1_000, TimeSpan.FromSeconds(5), 100_000, 300, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(6), 100_000, 300, TimeSpan.FromSeconds(15), 10_000, 400, 24, 6);

    public static readonly BenchScale Quick = new(
        300, 60, TimeSpan.FromSeconds(2), 10_000, 20, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), 10_000, 30, TimeSpan.FromSeconds(3), 2_000, 60, 8, 2);

    public static readonly TimeSpan WarmUpCap = TimeSpan.FromSeconds(1);
}
