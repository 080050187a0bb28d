using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.EventStore;
using WellWon.Platform.Messaging;
using WellWon.Platform.Projections;
using WellWon.Platform.Tests.Projections;

namespace WellWon.Workers.Tests;

/// <summary>
/// The whole flow in one worker: event store → relay → Redis Streams → event processor → PostgreSQL read model,
/// nothing lost and nothing applied twice, and rebuilds queued the way the admin endpoint queues them.
/// </summary>
public sealed class EventProcessorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ITestOutputHelper? Output => TestContext.Current.TestOutputHelper;

    [Fact]
    public async Task Events_reach_the_projection_as_a_replay_would_write_them_and_redelivered_ones_change_nothing()
    {
        var trace = ActivityTraceId.CreateRandom();
        var projectSpans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "WellWon",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == trace && activity.OperationName == $"project {StreamCounterProjection.ProjectionName}")
                {
                    projectSpans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await using var worker = await WorkerHost.StartAsync();
        var store = worker.Services.GetRequiredService<IEventStore>();
        var watch = Stopwatch.StartNew();
        var streams = Enumerable.Range(0, 30).Select(_ => CounterEvents.Stream()).ToList();
        await CounterEvents.AppendAsync(store, streams, 600, Ct);
        var traced = CounterEvents.Stream();
        await store.AppendAsync(traced, ExpectedVersion.NoStream, [CounterEvents.One(7, $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01")], Ct);

        await WorkerHost.Until(async () => await DriftAsync(worker) == 0, TimeSpan.FromSeconds(20), "the read model matches the log");
        var caughtUp = watch.Elapsed;
        await WorkerHost.Until(async () => (await worker.State.FindAsync(StreamCounterProjection.ProjectionName, Ct))?.Lag == 0, TimeSpan.FromSeconds(5), "the recorded lag reaches 0");
        Assert.Equal(0, await LagGaugeAsync(worker, StreamCounterProjection.ProjectionName));
        await WorkerHost.Until(() => Task.FromResult(worker.Calls.Count >= 601), TimeSpan.FromSeconds(5), "every event is handed to each projection");

        // Every event delivered a second time, as after a crash between handling and acknowledging.
        var all = new List<RecordedEvent>();
        for (var page = await store.ReadAllAsync(LogPosition.Start, 1000, Ct); page.Count > 0; page = await store.ReadAllAsync(page[^1].LogPosition, 1000, Ct))
        {
            all.AddRange(page);
        }

        await worker.Services.GetRequiredService<IMessagePublisher>()
            .PublishAsync(StreamCounterProjection.Topic, [.. all.Select(e => e.ToTransportMessage())], Ct);
        await WorkerHost.Until(() => Task.FromResult(worker.Calls.Count >= 2 * 601), TimeSpan.FromSeconds(10), "the duplicates are delivered");

        Assert.Equal(0, await DriftAsync(worker));
        Assert.Equal(31, await StreamCounterProjection.RowCountAsync(worker.DataSource, StreamCounterProjection.LiveTable, Ct));
        var span = Assert.Single(projectSpans.Where(s => s.Parent is not null).Take(1));
        Assert.Equal($"process {StreamCounterProjection.Topic}", span.Parent!.OperationName);
        Assert.Equal(ActivityKind.Consumer, span.Parent.Kind);
        Output?.WriteLine($"601 events appended and projected through relay, Redis Streams and the event processor in {caughtUp.TotalMilliseconds:F0} ms; 601 duplicates changed nothing");
    }

    [Fact]
    public async Task A_rebuild_queued_as_the_admin_endpoint_queues_it_runs_in_the_worker_under_live_traffic_and_loses_nothing()
    {
        await using var worker = await WorkerHost.StartAsync(rebuildBatchSize: 100);
        var store = worker.Services.GetRequiredService<IEventStore>();
        var streams = Enumerable.Range(0, 40).Select(_ => CounterEvents.Stream()).ToList();
        await CounterEvents.AppendAsync(store, streams, 2000, Ct);
        await WorkerHost.Until(async () => await DriftAsync(worker) == 0, TimeSpan.FromSeconds(20), "the read model matches the log");
        await WorkerHost.Until(async () => (await worker.State.FindAsync(StreamCounterProjection.ProjectionName, Ct))?.Status == ProjectionStatus.Live, TimeSpan.FromSeconds(10), "the first rebuild (of the new table) is over");

        using var stopWriting = new CancellationTokenSource();
        var appended = 0;
        var writing = Task.Run(async () =>
        {
            var random = new Random(11);
            while (!stopWriting.IsCancellationRequested)
            {
                await store.AppendAsync(streams[random.Next(streams.Count)], ExpectedVersion.Any, [CounterEvents.One(random.Next(1, 50))], CancellationToken.None);
                Interlocked.Increment(ref appended);
                await Task.Delay(2, CancellationToken.None);
            }
        }, CancellationToken.None);

        Assert.Equal(RebuildRequestOutcome.Requested, await worker.State.RequestRebuildAsync(StreamCounterProjection.ProjectionName, Ct));
        var seen = new HashSet<string>();
        ProjectionState? state = null;
        var took = await WorkerHost.Until(async () =>
        {
            state = await worker.State.FindAsync(StreamCounterProjection.ProjectionName, Ct);
            seen.Add(state!.Status);
            return state.Status == ProjectionStatus.Live;
        }, TimeSpan.FromSeconds(20), "the rebuild finishes");
        var appendedDuring = Volatile.Read(ref appended);
        await stopWriting.CancelAsync();
        await writing;

        await WorkerHost.Until(async () => await DriftAsync(worker) == 0, TimeSpan.FromSeconds(20), "the rebuilt table holds every event");
        Assert.Contains(ProjectionStatus.Rebuilding, seen);
        Assert.True(appendedDuring > 0);
        Assert.Null(state!.Rebuild!.Error);
        Assert.NotNull(state.Rebuild.FinishedAt);
        Assert.Equal(1.0, state.Rebuild.Fraction);
        Output?.WriteLine($"queued rebuild of {state.Rebuild.Done} events finished {took.TotalMilliseconds:F0} ms after the request at {state.Rebuild.Rate:F0} events/s; {appendedDuring} events appended meanwhile");
    }

    private static Task<long> DriftAsync(WorkerHost worker) =>
        StreamCounterProjection.DriftFromLogAsync(worker.DataSource, StreamCounterProjection.LiveTable, Ct);

    private static async Task<long?> LagGaugeAsync(WorkerHost worker, string projection)
    {
        var meter = worker.Services.GetRequiredService<IMeterFactory>().Create("WellWon");
        long? lag = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter && instrument.Name == "wellwon.projection.lag")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "projection" && Equals(tag.Value, projection))
                {
                    lag = value;
                }
            }
        });
        listener.Start();
        await WorkerHost.Until(() =>
        {
            listener.RecordObservableInstruments();
            return Task.FromResult(lag == 0);
        }, TimeSpan.FromSeconds(5), "the lag gauge reports 0");
        return lag;
    }
}
