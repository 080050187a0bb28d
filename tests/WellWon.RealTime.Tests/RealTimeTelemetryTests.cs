using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.RealTime;

namespace WellWon.RealTime.Tests;

[Collection(RealTimeCollection.Name)]
public sealed class RealTimeTelemetryTests(RealTimeApiFactory api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_push_continues_the_trace_of_the_projection_that_caused_it_and_is_counted()
    {
        using var projections = new ActivitySource("WellWon.Tests.Projections");
        var spans = new ConcurrentQueue<Activity>();
        using var tracing = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "WellWon" or "WellWon.Tests.Projections",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(tracing);
        var entity = $"shipment-{Guid.NewGuid():N}";
        var measurements = new ConcurrentQueue<(string Instrument, long Value, string? Entity)>();
        using var metrics = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "WellWon" && instrument.Name.StartsWith("wellwon.realtime.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        metrics.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? tagged = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "wellwon.realtime.entity")
                {
                    tagged = tag.Value as string;
                }
            }

            measurements.Enqueue((instrument.Name, value, tagged));
        });
        metrics.Start();

        var alice = await api.ConnectAsync(Guid.NewGuid());
        Assert.Contains(("wellwon.realtime.connections", 1L, (string?)null), measurements);

        Activity projection;
        using (projection = projections.StartActivity("project shipment")!)
        {
            await api.Services.GetRequiredService<IChangeNotifier>()
                .NotifyAsync(ChangeAudience.User(alice.UserId), new ChangeNotification(entity, "SH-2", 4, null), Ct);
        }

        Assert.Equal(entity, (await alice.NextAsync()).Change.Entity);
        var push = Assert.Single(spans, s => s.DisplayName == $"signalr push {entity}");
        Assert.Equal(projection.TraceId, push.TraceId);
        Assert.Equal(projection.SpanId, push.ParentSpanId);
        Assert.Equal(ActivityKind.Producer, push.Kind);
        Assert.Equal(ChangeAudience.User(alice.UserId).Group, push.GetTagItem("messaging.destination.name"));
        Assert.Contains(("wellwon.realtime.pushed", 1L, entity), measurements);

        await alice.DisposeAsync();
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!measurements.Contains(("wellwon.realtime.connections", -1L, null)) && DateTime.UtcNow < giveUp)
        {
            await Task.Delay(20, Ct);
        }

        Assert.Contains(("wellwon.realtime.connections", -1L, (string?)null), measurements);
    }
}
