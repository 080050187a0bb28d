using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;
using WellWon.Identity;
using WellWon.Identity.Domain;
using WellWon.Identity.Shredding;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.Kernel;
using WellWon.Platform.RealTime;

namespace WellWon.Benchmarks;

/// <summary>Projection lag at one paced append rate; <see cref="ProjectedFor"/> runs from the first append to the last event seen projected.</summary>
public sealed record LagPhase(int TargetRate, long[] LagTicks, long Appended, TimeSpan AppendFor, TimeSpan ProjectedFor, long Unobserved)
{
    public double AppendedPerSecond => Appended / Math.Max(AppendFor.TotalSeconds, 1e-9);

    public double ProjectedPerSecond => (Appended - Unobserved) / Math.Max(ProjectedFor.TotalSeconds, 1e-9);
}

/// <summary>What figure 4 measured: projection lag at two paced append rates, and the push leg of the real-time path.</summary>
public sealed record PipelineResult(IReadOnlyList<LagPhase> Phases, long[] PushTicks, int PushesSent);

/// <summary>
/// Figure 4: the asynchronous path. The built WellWon.Api (for sign-up and the hub) and WellWon.Workers in the event-processor
/// role run as child processes on a fresh database. The benchmark appends genuine <c>ProfileUpdated</c> events through
/// Identity's own aggregate and WellWon's aggregate store, paced at 100 and then 1,000 events/s over 16 accounts, without the Api's sync
/// projection, so the only way into <c>identity.user_profiles</c> is relay → Redis Streams → event processor → projection.
/// Then the push leg: change notifications sent through <see cref="IChangeNotifier"/> (Redis backplane) to a SignalR client of the Api's hub.
/// </summary>
public sealed class PipelineBenchmark(BenchOptions options)
{
    public const int Users = 16;

    /// <summary>A rate the path should absorb without queueing (its bare latency), then the rate of the figure.</summary>
    public static readonly int[] Rates = [100, 1_000];

    private const int Pushes = 200;

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

        await using var services = BuildServices(database.DataSource, options.Redis, secrets);
        var writers = await Task.WhenAll(users.Select(u => ProfileWriter.CreateAsync(services, u.Id, ct)));
        try
        {
            await using var observer = new ProjectionObserver(database.DataSource, [.. users.Select(u => u.Id)]);
            observer.Start();

            // Warm-up: one event per account, and the whole path must deliver it before anything is measured.
            foreach (var writer in writers)
            {
                observer.Expect(writer.UserId, await writer.AppendAsync(ct), Stopwatch.GetTimestamp());
            }

            if (!await observer.DrainAsync(TimeSpan.FromSeconds(60), ct))
            {
                throw new TimeoutException($"The event processor did not project the warm-up events within 60 s; see {worker.Log}.");
            }

            observer.TakeLags();
            var phases = new List<LagPhase>();
            foreach (var rate in Rates)
            {
                var started = Stopwatch.GetTimestamp();
                var (appended, appendFor) = await AppendPacedAsync(writers, observer, rate, options.Scale.PipelineDuration, ct);
                var drained = await observer.DrainAsync(DrainTimeout, ct);
                var lags = observer.TakeLags();
                var phase = new LagPhase(
                    rate, lags, appended, appendFor, Stopwatch.GetElapsedTime(started, drained ? observer.LastSeenAt : Stopwatch.GetTimestamp()), observer.Outstanding);
                phases.Add(phase);
                await Console.Error.WriteLineAsync(
                    $"  pipeline at {rate:N0}/s: {phase.AppendedPerSecond:N0} events/s appended, {phase.ProjectedPerSecond:N0} events/s projected; " +
                    $"lag p50 {LoadDriver.Percentile(lags, 0.5):N1} ms  p95 {LoadDriver.Percentile(lags, 0.95):N1} ms  p99 {LoadDriver.Percentile(lags, 0.99):N1} ms " +
                    $"({lags.Length} seen, {observer.Outstanding} not seen)");
                if (!drained)
                {
                    break;
                }
            }

            var pushes = await MeasurePushAsync(services, api, users[0], ct);
            await Console.Error.WriteLineAsync(
                $"  push: notify → client p50 {LoadDriver.Percentile(pushes, 0.5):N1} ms  p95 {LoadDriver.Percentile(pushes, 0.95):N1} ms ({pushes.Length} of {Pushes} received)");
            return new PipelineResult(phases, pushes, Pushes);
        }
        finally
        {
            foreach (var writer in writers)
            {
                await writer.DisposeAsync();
            }
        }
    }

    /// <summary>Every writer appends on its own schedule, together <paramref name="rate"/> a second; a late append goes at once, none is skipped.</summary>
    private static async Task<(long Appended, TimeSpan For)> AppendPacedAsync(
        ProfileWriter[] writers, ProjectionObserver observer, int rate, TimeSpan duration, CancellationToken ct)
    {
        var interval = Stopwatch.Frequency * writers.Length / rate;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counts = await Task.WhenAll(writers.Select((writer, i) => Task.Run(async () =>
        {
            var appended = 0L;
            for (var next = started + (i * Stopwatch.Frequency / rate); next < end; next += interval)
            {
                var wait = next - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), ct);
                }

                var version = await writer.AppendAsync(ct);
                observer.Expect(writer.UserId, version, Stopwatch.GetTimestamp());
                appended++;
            }

            return appended;
        }, ct)));
        return (counts.Sum(), Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Notify → Redis backplane → the Api's hub → a signed-in SignalR client, one notification every 10 ms.</summary>
    private static async Task<long[]> MeasurePushAsync(ServiceProvider services, WellWonProcess api, SignedInUser user, CancellationToken ct)
    {
        var notifier = services.GetRequiredService<IChangeNotifier>();
        var sentAt = new long[Pushes];
        var received = new long[Pushes];
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(api.BaseAddress, WellWonHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(user.AccessToken))
            .Build();
        using var subscription = hub.On<PushedChange>(WellWonHub.ChangedMethod, change =>
        {
            if (change.Change.Version is >= 0 and < Pushes)
            {
                Volatile.Write(ref received[change.Change.Version], Stopwatch.GetTimestamp());
            }
        });
        await hub.StartAsync(ct);

        // A first notification proves the path (the backplane subscription, the group) before any is timed.
        var audience = ChangeAudience.User(user.Id);
        await notifier.NotifyAsync(audience, new ChangeNotification("user-profile", user.Id.ToString("D"), -1, "warm-up"), ct);
        await Task.Delay(500, ct);

        for (var i = 0; i < Pushes; i++)
        {
            sentAt[i] = Stopwatch.GetTimestamp();
            await notifier.NotifyAsync(audience, new ChangeNotification("user-profile", user.Id.ToString("D"), i, null), ct);
            await Task.Delay(10, ct);
        }

        var giveUp = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        while (Enumerable.Range(0, Pushes).Any(i => Volatile.Read(ref received[i]) == 0) && Stopwatch.GetTimestamp() < giveUp)
        {
            await Task.Delay(20, ct);
        }

        return [.. received.Select((r, i) => r == 0 ? -1 : r - sentAt[i]).Where(t => t >= 0).Order()];
    }

    /// <summary>
    /// What the Api's handlers use to save an account — the event store, Identity's event types, the aggregate store and the
    /// user keys under the same master key — without the sync projection runner, plus the change notifier on the same Redis.
    /// </summary>
    private static ServiceProvider BuildServices(NpgsqlDataSource dataSource, string redis, ServiceSecrets secrets)
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
            .AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis))
            .AddPostgresEventStore()
            .AddAggregateStore()
            .AddWellWonChangeNotifier(configuration);
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
