using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Platform.Tests.Pipeline;

public sealed record ShipCrate(bool Refuse) : ICommand<string>;

public sealed class ShipCrateHandler : ICommandHandler<ShipCrate, string>
{
    public ValueTask<string> Handle(ShipCrate command, CancellationToken cancellationToken) =>
        command.Refuse ? throw new DomainException("crate.too-heavy", "The crate is too heavy.") : ValueTask.FromResult("shipped");
}

public sealed record CountCrates(int Warehouse) : IQuery<int>;

public sealed class CountCratesHandler : IQueryHandler<CountCrates, int>
{
    public ValueTask<int> Handle(CountCrates query, CancellationToken cancellationToken) =>
        query.Warehouse < 0 ? throw new InvalidOperationException("boom") : ValueTask.FromResult(42);
}

public sealed class TracingBehaviorTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener;

    public TracingBehaviorTests()
    {
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "WellWon",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.OperationName.Contains("Crate", StringComparison.Ordinal))
                {
                    _activities.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_activityListener);

        _meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "WellWon" && instrument.Name.StartsWith("wellwon.message", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meterListener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _meterListener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _meterListener.Start();
    }

    public void Dispose()
    {
        _activityListener.Dispose();
        _meterListener.Dispose();
    }

    [Fact]
    public async Task Each_message_gets_a_span_named_by_kind_and_type_with_its_outcome()
    {
        await using var services = PipelineHost.Build();
        await using var scope = services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var ct = TestContext.Current.CancellationToken;

        await mediator.Send(new ShipCrate(Refuse: false), ct);
        await Assert.ThrowsAsync<DomainException>(async () => await mediator.Send(new ShipCrate(Refuse: true), ct));
        await mediator.Send(new CountCrates(1), ct);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await mediator.Send(new CountCrates(-1), ct));

        var spans = _activities.ToArray();
        Assert.Equal(["command ShipCrate", "command ShipCrate", "query CountCrates", "query CountCrates"], spans.Select(a => a.OperationName));
        Assert.Equal(["success", "rejected", "success", "error"], spans.Select(a => a.GetTagItem("wellwon.outcome")));
        Assert.All(spans, a => Assert.Equal(a.OperationName.Split(' ')[1], a.GetTagItem("wellwon.message.type")));
        Assert.Equal("command", spans[0].GetTagItem("wellwon.message.kind"));
        // A refused command is the system working; only the unexpected failure marks the span as an error.
        Assert.Equal([ActivityStatusCode.Unset, ActivityStatusCode.Unset, ActivityStatusCode.Unset, ActivityStatusCode.Error], spans.Select(a => a.Status));
    }

    [Fact]
    public async Task Messages_are_counted_and_timed_by_type_kind_and_outcome()
    {
        await using var services = PipelineHost.Build();
        await using var scope = services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        await mediator.Send(new ShipCrate(Refuse: false), TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<DomainException>(async () => await mediator.Send(new ShipCrate(Refuse: true), TestContext.Current.CancellationToken));

        var counts = _measurements.Where(m => m.Instrument == "wellwon.messages" && Equals(m.Tags["type"], "ShipCrate")).ToArray();
        Assert.Equal(2, counts.Length);
        Assert.Equal(["success", "rejected"], counts.Select(m => m.Tags["outcome"]));
        Assert.All(counts, m => Assert.Equal("command", m.Tags["kind"]));
        var durations = _measurements.Where(m => m.Instrument == "wellwon.message.duration" && Equals(m.Tags["type"], "ShipCrate")).ToArray();
        Assert.Equal(2, durations.Length);
        Assert.All(durations, m => Assert.True(m.Value >= 0));
    }

    [Fact]
    public async Task Tracing_is_outermost_so_a_refusal_by_validation_is_traced_too()
    {
        await using var services = PipelineHost.Build();
        await using var scope = services.CreateAsyncScope();

        await Assert.ThrowsAsync<RequestValidationException>(async () =>
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RegisterCustomer("", "Crate Ltd"), TestContext.Current.CancellationToken));

        var counted = _measurements.Where(m => m.Instrument == "wellwon.messages" && Equals(m.Tags["type"], "RegisterCustomer")).ToArray();
        Assert.Contains(counted, m => Equals(m.Tags["outcome"], "invalid"));
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            dictionary[tag.Key] = tag.Value;
        }

        _measurements.Enqueue((instrument.Name, value, dictionary));
    }
}
