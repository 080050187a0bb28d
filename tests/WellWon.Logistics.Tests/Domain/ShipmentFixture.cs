using System.Runtime.CompilerServices;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.Tests.Domain;

/// <summary>What the domain tests share: a fixed clock, a sea shipment Shanghai → Saint Petersburg, and "refused with this code".</summary>
internal static class ShipmentFixture
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    public static readonly Guid ShipmentId = Guid.Parse("0193a8f0-0000-7000-8000-000000000100");
    public static readonly Guid CompanyId = Guid.Parse("0193a8f0-0000-7000-8000-000000000001");
    public static readonly Guid User = Guid.Parse("0193a8f0-0000-7000-8000-0000000000a1");
    public static readonly Guid SeaLeg = Guid.Parse("0193a8f0-0000-7000-8000-0000000000e1");
    public static readonly Guid TruckLeg = Guid.Parse("0193a8f0-0000-7000-8000-0000000000e2");

    public static CargoLine Bearings(decimal gross = 1200, decimal? net = 1100) =>
        new(Guid.NewGuid(), "Ball bearings", "848210", 10, "pallets", gross, net, 4.5m, new Money(15_000m, "USD"));

    public static Container Box(string number = "MSCU1234566", string type = "45G1") => new(number, type, ["SEAL001"]);

    public static RouteLeg Leg(string from, string to, string mode = TransportModes.Sea, Guid? id = null, DateTimeOffset? etd = null, DateTimeOffset? eta = null) =>
        new(id ?? Guid.NewGuid(), from, to, mode, null, null, null, null, etd, eta);

    /// <summary>Shanghai → Saint Petersburg by sea, then on to Moscow by truck; FOB Shanghai; a WellWon company as consignee.</summary>
    public static ShipmentDraft Plan(string mode = TransportModes.Sea, string? incoterm = "FOB", IReadOnlyList<RouteLeg>? legs = null, IReadOnlyList<CargoLine>? cargo = null) =>
        new(
            mode,
            new ShipmentHeader(new Party(null, "Ningbo Bearings Co.", "Ningbo, CN"), new Party(CompanyId, null, null), null, incoterm, incoterm is null ? null : "Shanghai", null),
            cargo ?? [Bearings()],
            [Box()],
            legs ?? [Leg("CNSHA", "RULED", TransportModes.Sea, SeaLeg, Now.AddDays(5), Now.AddDays(40)), Leg("RULED", "RUMOW", TransportModes.Road, TruckLeg, Now.AddDays(41), Now.AddDays(43))]);

    public static Shipment Draft(ShipmentDraft? draft = null) =>
        Stored(Shipment.Create(ShipmentId, CompanyId, "WW-2026-000001", draft ?? Plan(), User, Now.AddDays(-2)));

    public static Shipment Booked(ShipmentDraft? draft = null)
    {
        var shipment = Draft(draft);
        shipment.Book(Guid.NewGuid(), User, Now.AddDays(-1));
        return Stored(shipment);
    }

    /// <summary>The shipment as the store would hand it to the next command: its whole history, nothing pending.</summary>
    public static Shipment Stored(Shipment shipment)
    {
        var history = (Histories.TryGetValue(shipment, out var before) ? before : []).Concat(((IAggregate)shipment).Changes).ToList();
        IAggregate stored = new Shipment();
        stored.Load(shipment.Id, history.Count - 1, history);
        Histories.Add((Shipment)stored, history);
        return (Shipment)stored;
    }

    public static Milestone Reported(string kind, DateTimeOffset at, Guid? leg = null, string? reason = null, string? carrier = null, string? eventId = null, string? location = null) =>
        new(Guid.NewGuid(), kind, at, location, leg, reason, carrier is null ? MilestoneSource.User(User) : MilestoneSource.FromCarrier(carrier), eventId);

    public static DomainException Refused(Action action, string code)
    {
        var e = Assert.ThrowsAny<DomainException>(action);
        Assert.Equal(code, e.Code);
        return e;
    }

    public static ShipmentRuleException Broken(Action action, string code, string field)
    {
        var e = Assert.Throws<ShipmentRuleException>(action);
        Assert.Equal((code, field), (e.Code, e.Field));
        return e;
    }

    private static readonly ConditionalWeakTable<Shipment, List<IDomainEvent>> Histories = new();
}
