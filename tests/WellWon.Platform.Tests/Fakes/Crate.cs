using System.Collections.Immutable;
using WellWon.Platform.Kernel;

namespace WellWon.Platform.Tests.Fakes;

[EventType("test.crate-registered.v1")]
public sealed record CrateRegistered(Guid CrateId, string Label) : IDomainEvent;

[EventType("test.crate-relabelled.v1")]
public sealed record CrateRelabelled(Guid CrateId, string Label) : IDomainEvent;

[EventType("test.crate-loaded.v1")]
public sealed record CrateLoaded(Guid CrateId, decimal Kg) : IDomainEvent;

public sealed record CrateState : AggregateState<CrateState>
{
    public string? Label { get; init; }

    public ImmutableList<decimal> Loads { get; init; } = [];

    public decimal TotalKg => Loads.Sum();

    public CrateState()
    {
        On<CrateRegistered>((s, e) => s with { Label = e.Label });
        On<CrateRelabelled>((s, e) => s with { Label = e.Label });
        On<CrateLoaded>((s, e) => s with { Loads = s.Loads.Add(e.Kg) });
    }
}

/// <summary>A small aggregate for store and projection tests.</summary>
[StreamCategory("crate")]
public sealed class Crate : Aggregate<CrateState>
{
    public static Crate Register(Guid id, string label)
    {
        var crate = new Crate { Id = id };
        crate.Apply(new CrateRegistered(id, label));
        return crate;
    }

    public void Relabel(string label) => Apply(new CrateRelabelled(Id, label));

    public void Load(decimal kg)
    {
        if (State.TotalKg + kg > 1000)
        {
            throw new DomainException("crate.overloaded", "A crate takes at most 1000 kg.");
        }

        Apply(new CrateLoaded(Id, kg));
    }
}
