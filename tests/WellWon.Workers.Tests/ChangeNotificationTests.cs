using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;

namespace WellWon.Workers.Tests;

/// <summary>The event processor pushes what a notifying projection names, after it applied the event, at least once.</summary>
public sealed class ChangeNotificationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_push_that_fails_is_retried_with_its_message_and_each_push_is_a_child_of_its_project_span()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "WellWon",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var notifier = new FailOnceNotifier();
        await using var worker = await WorkerHost.StartAsync(configure: services =>
        {
            services.AddSingleton<IChangeNotifier>(notifier);
            services.AddSingleton<TickProjection>();
            services.AddSingleton<IProjection>(sp => sp.GetRequiredService<TickProjection>());
        });

        var user = Guid.NewGuid();
        var stream = $"tick-{Guid.NewGuid():N}";
        await worker.Services.GetRequiredService<IEventStore>().AppendAsync(
            stream,
            ExpectedVersion.NoStream,
            [Tick(user, notify: true), Tick(user, notify: false), Tick(user, notify: true)],
            Ct);

        await WorkerHost.Until(() => Task.FromResult(notifier.Delivered.Count >= 2), TimeSpan.FromSeconds(15), "both notifications are pushed");
        var projection = worker.Services.GetRequiredService<TickProjection>();

        // The first push failed: its message was handled again (the projection saw that event twice), then the push went out.
        Assert.Equal([0L, 0L, 2L], [.. notifier.Attempts.Select(a => a.Version)]);
        Assert.Equal([0L, 2L], [.. notifier.Delivered.Select(d => d.Change.Version)]);
        Assert.Equal(2, projection.Applied(stream, 0));
        Assert.All(notifier.Delivered, d => Assert.Equal(ChangeAudience.User(user), d.Audience));
        Assert.All(notifier.Delivered, d => Assert.Equal($"project {TickProjection.ProjectionName}", d.ParentSpan));
    }

    private static EventData Tick(Guid user, bool notify) => new(
        Guid.NewGuid(),
        TickProjection.EventType,
        JsonSerializer.SerializeToElement(new { user, notify }),
        new EventMetadata { CorrelationId = Guid.NewGuid() });

    /// <summary>Counts what it applies per stream version; notifies the user named in the event when the event says so.</summary>
    public sealed class TickProjection : INotifyingProjection
    {
        public const string EventType = "tick.ticked.v1";
        public const string ProjectionName = "test.ticks";

        private readonly ConcurrentDictionary<(string, long), int> _applied = new();

        public string Name => ProjectionName;

        public IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { EventType };

        public int Applied(string stream, long version) => _applied.GetValueOrDefault((stream, version));

        public Task ApplyAsync(RecordedEvent e, CancellationToken ct)
        {
            _applied.AddOrUpdate((e.StreamId, e.StreamVersion), 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }

        public IEnumerable<(ChangeAudience Audience, ChangeNotification Change)> ChangesFor(RecordedEvent e) =>
            e.Data.GetProperty("notify").GetBoolean()
                ? [(ChangeAudience.User(e.Data.GetProperty("user").GetGuid()), new ChangeNotification("tick", e.StreamId, e.StreamVersion, null))]
                : [];
    }

    /// <summary>Records every push it is asked for and the span it was asked under; the very first one fails, as a Redis hiccup would.</summary>
    private sealed class FailOnceNotifier : IChangeNotifier
    {
        private int _calls;

        public ConcurrentQueue<ChangeNotification> Attempts { get; } = new();

        public ConcurrentQueue<(ChangeAudience Audience, ChangeNotification Change, string? ParentSpan)> Delivered { get; } = new();

        public Task NotifyAsync(ChangeAudience audience, ChangeNotification notification, CancellationToken ct)
        {
            Attempts.Enqueue(notification);
            if (Interlocked.Increment(ref _calls) == 1)
            {
                throw new InvalidOperationException("The backplane did not answer.");
            }

            Delivered.Enqueue((audience, notification, Activity.Current?.OperationName));
            return Task.CompletedTask;
        }
    }
}
