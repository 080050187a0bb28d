using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Identity;
using WellWon.Identity.Domain;
using WellWon.Identity.Shredding;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Kernel;

namespace WellWon.Benchmarks;

/// <summary>
/// Projection and push lags at one paced append rate; <see cref="ProjectedFor"/> runs from the first append to the last event
/// seen projected.
/// </summary>
public sealed record LagPhase(
    int TargetRate, long[] LagTicks, long Appended, TimeSpan AppendFor, TimeSpan ProjectedFor, long Unobserved, long[] PushTicks, long PushesMissing)
{
    public double AppendedPerSecond => Appended / Math.Max(AppendFor.TotalSeconds, 1e-9);

    public double ProjectedPerSecond => (Appended - Unobserved) / Math.Max(ProjectedFor.TotalSeconds, 1e-9);
}

/// <summary>What figure 4 measured: projection and push lags at two paced append rates.</summary>
public sealed record PipelineResult(IReadOnlyList<LagPhase> Phases);

/// <summary>
/// Figure 4: the asynchronous path. The built WellWon.Api (for sign-up and the hub) and WellWon.Workers in the event-processor
/// role run as child processes on a fresh database. The benchmark appends genuine <c>ProfileUpdated</c> events through
/// Identity's own aggregate and WellWon's aggregate store, paced at 100 and then 1,000 events/s over 16 accounts, without the Api's sync
/// projection, so the only way into <c>identity.user_profiles</c> is relay → Redis Streams → event processor → projection, and
/// the only push is the one the event processor sends after projecting (Redis backplane → the Api's hub → each user's SignalR client).
/// </summary>
public sealed class PipelineBenchmark(BenchOptions options)
{
    public const int Users = 16;

    /// <summary>A rate the path should absorb without queueing (its bare latency), then the rate of the figure.</summary>
    public static readonly int[] Rates = [100, 1_000];

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    public async Task<PipelineResult> RunAsync(CancellationToken ct)
    {
        var apiAssembly = options.RequireAssembly(options.ApiAssembly, "WellWon.Api.dll", "--api");
        var workersAssembly = options.RequireAssembly(options.WorkersAssembly, "WellWon.Workers.dll", "--workers");
        var secrets = ServiceSecrets.Random();
        await using var database = await BenchDatabase.CreateAsync(options.Postgres, "pipeline", ct);
        await using var api = await WellWonProcess.StartAsync(apiAssembly, [], database.ConnectionString, options.Redis, secrets, ct);
        using var http = api.CreateClient(8);
        var users = await IdentityClient.SignUpAsync(http, Users, ct);
        await using var worker = await WellWonProcess.StartAsync(
            workersAssembly, ["event-processor"], database.ConnectionString, options.Redis, secrets, ct);

        await using var pushes = await PushObserver.ConnectAsync(api.BaseAddress, users, ct);
        await using var services = BuildServices(database.DataSource, secrets);
        var writers = await Task.WhenAll(users.Select(u => ProfileWriter.CreateAsync(services, u.Id, ct)));
        try
        {
            await using var observer = new ProjectionObserver(database.DataSource, [.. users.Select(u => u.Id)]);
            observer.Start();

            void Appended(Guid userId, long version, long at)
            {
                observer.Expect(userId, version, at);
                pushes.Expect(userId, version, at);
            }

            // Warm-up: one event per account, and the whole path must deliver it before anything is measured.
            foreach (var writer in writers)
            {
                Appended(writer.UserId, await writer.AppendAsync(ct), Stopwatch.GetTimestamp());
            }

            if (!await observer.DrainAsync(TimeSpan.FromSeconds(60), ct) || !await pushes.DrainAsync(TimeSpan.FromSeconds(10), ct))
            {
                throw new TimeoutException($"The event processor did not project and push the warm-up events within 70 s; see {worker.Log}.");
            }

            observer.TakeLags();
            pushes.Take();
            var phases = new List<LagPhase>();
            foreach (var rate in Rates)
            {
                var started = Stopwatch.GetTimestamp();
                var (appended, appendFor) = await AppendPacedAsync(writers, Appended, rate, options.Scale.PipelineDuration, ct);
                var drained = await observer.DrainAsync(DrainTimeout, ct);
                var projectedFor = Stopwatch.GetElapsedTime(started, drained ? observer.LastSeenAt : Stopwatch.GetTimestamp());
                await pushes.DrainAsync(drained ? TimeSpan.FromSeconds(10) : TimeSpan.Zero, ct);
                var lags = observer.TakeLags();
                var (pushLags, pushesMissing) = pushes.Take();
                var phase = new LagPhase(rate, lags, appended, appendFor, projectedFor, observer.Outstanding, pushLags, pushesMissing);
                phases.Add(phase);
                await Console.Error.WriteLineAsync(
                    $"  pipeline at {rate:N0}/s: {phase.AppendedPerSecond:N0} events/s appended, {phase.ProjectedPerSecond:N0} events/s projected; " +
                    $"lag p50 {LoadDriver.Percentile(lags, 0.5):N1} ms  p95 {LoadDriver.Percentile(lags, 0.95):N1} ms  p99 {LoadDriver.Percentile(lags, 0.99):N1} ms " +
                    $"({lags.Length} seen, {observer.Outstanding} not seen); push lag p50 {LoadDriver.Percentile(pushLags, 0.5):N1} ms  " +
                    $"p95 {LoadDriver.Percentile(pushLags, 0.95):N1} ms ({pushLags.Length} arrived, {pushesMissing} missing)");
                if (!drained)
                {
                    break;
                }
            }

            return new PipelineResult(phases);
        }
        finally
        {
            foreach (var writer in writers)
            {
                await writer.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Every writer appends on its own schedule, together <paramref name="rate"/> a second; a late append goes at once, none is
    /// skipped, but nothing is appended after one and a half times the duration (a machine that cannot keep up shows it in the appended rate).
    /// </summary>
    private static async Task<(long Appended, TimeSpan For)> AppendPacedAsync(
        ProfileWriter[] writers, Action<Guid, long, long> appended, int rate, TimeSpan duration, CancellationToken ct)
    {
        var interval = Stopwatch.Frequency * writers.Length / rate;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var hardEnd = end + (long)(duration.TotalSeconds * Stopwatch.Frequency / 2);
        var counts = await Task.WhenAll(writers.Select((writer, i) => Task.Run(async () =>
        {
            var count = 0L;
            for (var next = started + (i * Stopwatch.Frequency / rate); next < end && Stopwatch.GetTimestamp() < hardEnd; next += interval)
            {
                var wait = next - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), ct);
                }

                var version = await writer.AppendAsync(ct);
                appended(writer.UserId, version, Stopwatch.GetTimestamp());
                count++;
            }

            return count;
        }, ct)));
        return (counts.Sum(), Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// What the Api's handlers use to save an account — the event store, Identity's event types, the aggregate store and the
    /// user keys under the same master key — without the sync projection runner.
    /// </summary>
    private static ServiceProvider BuildServices(NpgsqlDataSource dataSource, ServiceSecrets secrets)
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton(dataSource)
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new EventTypeRegistry([typeof(IdentityModule).Assembly]))
            .AddSingleton(new MasterKey(secrets.MasterKey))
            .AddSingleton<UserKeyStore>()
            .AddPostgresEventStore()
            .AddAggregateStore();
        return services.BuildServiceProvider();
    }

    /// <summary>One account, loaded once and edited again and again through its own aggregate, as UpdateProfileHandler does.</summary>
    private sealed class ProfileWriter(AsyncServiceScope scope, IAggregateStore store, UserAccount account, IPersonalDataCipher cipher) : IAsyncDisposable
    {
        private int _edits;

        public Guid UserId => account.Id;

        public static async Task<ProfileWriter> CreateAsync(ServiceProvider services, Guid userId, CancellationToken ct)
        {
            var scope = services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<IAggregateStore>();
            var account = await store.LoadAsync<UserAccount>(userId, ct);
            var cipher = await scope.ServiceProvider.GetRequiredService<UserKeyStore>().GetAsync(userId, ct);
            return new ProfileWriter(scope, store, account, cipher);
        }

        /// <summary>Appends one ProfileUpdated and returns the stream version it was written at.</summary>
        public async Task<long> AppendAsync(CancellationToken ct)
        {
            account.UpdateProfile(new ProfileChanges(Bio: $"Importer of machine parts, edit {++_edits}"), cipher, DateTimeOffset.UtcNow);
            await store.SaveAsync(account, ct);
            return account.OriginalVersion;
        }

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
