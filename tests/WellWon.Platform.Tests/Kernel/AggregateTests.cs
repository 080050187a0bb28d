using WellWon.Platform.Kernel;

namespace WellWon.Platform.Tests.Kernel;

public sealed class AggregateTests
{
    [EventType("test.counter-opened.v1")]
    public sealed record CounterOpened(Guid Id, string Name) : IDomainEvent;

    [EventType("test.counter-incremented.v1")]
    public sealed record CounterIncremented(Guid Id, int By) : IDomainEvent;

    public sealed record CounterState : AggregateState<CounterState>
    {
        public string? Name { get; init; }
        public int Value { get; init; }

        public CounterState()
        {
            On<CounterOpened>((s, e) => s with { Name = e.Name });
            On<CounterIncremented>((s, e) => s with { Value = s.Value + e.By });
        }
    }

    public sealed class Counter : Aggregate<CounterState>
    {
        public static Counter Open(Guid id, string name)
        {
            var counter = new Counter { Id = id };
            counter.Apply(new CounterOpened(id, name));
            return counter;
        }

        public void Increment(int by)
        {
            if (by <= 0)
            {
                throw new DomainException("counter.non-positive", "A counter only goes up.");
            }

            Apply(new CounterIncremented(Id, by));
        }
    }

    [Fact]
    public void Recorded_events_change_state_and_are_pending()
    {
        var counter = Counter.Open(Guid.NewGuid(), "boxes");
        counter.Increment(3);
        counter.Increment(4);

        Assert.Equal(7, counter.State.Value);
        Assert.Equal("boxes", counter.State.Name);
        Assert.Equal(3, counter.Changes.Count);
        Assert.Equal(2, counter.CurrentVersion);
    }

    [Fact]
    public void Loading_history_rebuilds_state_without_pending_changes()
    {
        var id = Guid.NewGuid();
        IAggregate counter = new Counter();
        counter.Load(id, 1, [new CounterOpened(id, "pallets"), new CounterIncremented(id, 5)]);

        Assert.Equal(5, ((Counter)counter).State.Value);
        Assert.Empty(counter.Changes);
        Assert.Equal(1, counter.OriginalVersion);
    }

    [Fact]
    public void Rule_violation_throws_with_stable_code_and_records_nothing()
    {
        var counter = Counter.Open(Guid.NewGuid(), "crates");
        var ex = Assert.Throws<DomainException>(() => counter.Increment(0));

        Assert.Equal("counter.non-positive", ex.Code);
        Assert.Single(counter.Changes);
    }

    [Fact]
    public void Registry_round_trips_events_by_stable_name()
    {
        var registry = new EventTypeRegistry([typeof(AggregateTests).Assembly]);
        var e = new CounterIncremented(Guid.NewGuid(), 2);

        var name = registry.NameOf(typeof(CounterIncremented));
        var back = registry.Deserialize(name, registry.Serialize(e));

        Assert.Equal("test.counter-incremented.v1", name);
        Assert.Equal(e, back);
    }

    [Fact]
    public void Registry_upcasts_an_old_shape_before_deserialising()
    {
        var upcaster = new EventUpcaster("test.counter-incremented.v0", "test.counter-incremented.v1", old =>
            System.Text.Json.JsonSerializer.SerializeToElement(new { id = old.GetProperty("counter").GetGuid(), by = old.GetProperty("step").GetInt32() }));
        var registry = new EventTypeRegistry([typeof(AggregateTests).Assembly], [upcaster]);
        var id = Guid.NewGuid();
        var old = System.Text.Json.JsonSerializer.SerializeToElement(new { counter = id, step = 9 });

        var e = registry.Deserialize("test.counter-incremented.v0", old);

        Assert.Equal(new CounterIncremented(id, 9), e);
    }
}
