using System.Runtime.CompilerServices;
using WellWon.Customs.Calculation;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.Tariff;
using WellWon.Customs.Tests.Calculation;
using WellWon.Platform.Kernel;

namespace WellWon.Customs.Tests.Domain;

/// <summary>What the domain tests share: a fixed clock, the worked example as a declaration, and "refused with this code".</summary>
internal static class DeclarationFixture
{
    public static readonly DateTimeOffset Now = new(2025, 11, 14, 9, 0, 0, TimeSpan.FromHours(3));
    public static readonly Guid DeclarationId = Guid.Parse("0193a8f0-0000-7000-8000-00000000c001");
    public static readonly Guid CompanyId = Guid.Parse("0193a8f0-0000-7000-8000-000000000001");
    public static readonly Guid User = Guid.Parse("0193a8f0-0000-7000-8000-0000000000a1");
    public static readonly Guid BearingsId = Guid.Parse("0193a8f0-0000-7000-8000-00000000d001");
    public static readonly Guid CodId = Guid.Parse("0193a8f0-0000-7000-8000-00000000d002");
    public static readonly Guid ShirtsId = Guid.Parse("0193a8f0-0000-7000-8000-00000000d003");
    public const string Office = "10702070";

    public static DeclarationHeader Header(string? incoterm = "FOB", string procedure = "40", string office = Office) => new(
        new DeclarationParty(CompanyId, "OOO Vostok Import", "2540123456", "Vladivostok"),
        new DeclarationParty(null, "OOO Broker DV", "2540654321", null),
        procedure, office, WorkedExample.Date, incoterm, incoterm is null ? null : "Shanghai", null, AllocationMethods.ByWeight);

    public static readonly ItemDocument Invoice = new("04021", "INV-2025-118", new DateOnly(2025, 10, 2));
    public static readonly ItemDocument CertificateOfOrigin = new("06011", "FORM-A 77812", new DateOnly(2025, 10, 1));

    public static GoodsItem Bearings() => new(BearingsId, "Ball bearings 6204-2RS", "8482 10 900 0", "cn", 12_000m, "pcs", 1_500m, 1_400m, new Money(12_000m, "usd"), null, null, [Invoice]);

    public static GoodsItem Cod() => new(CodId, "Frozen Pacific cod, headed and gutted", "0303631000", "CN", 2_000m, "kg", 2_200m, 2_000m, new Money(60_000m, "CNY"), null, null, [Invoice]);

    public static GoodsItem Shirts(string? preference = "developing") =>
        new(ShirtsId, "Men's cotton T-shirts", "6109100000", "IN", 5_000m, "pcs", 800m, 700m, new Money(4_000m, "EUR"), preference, null, [Invoice, CertificateOfOrigin]);

    public static IReadOnlyList<DeclarationCost> Costs() =>
        [new(CostKinds.Freight, new Money(3_000m, "USD")), new(CostKinds.Insurance, new Money(250m, "EUR")), new(CostKinds.PostBorder, new Money(500m, "USD"))];

    /// <summary>The tariff of the worked example per item, as the handler reads it for each item's code and origin.</summary>
    public static IReadOnlyDictionary<Guid, ItemTariff> Tariffs() => new Dictionary<Guid, ItemTariff>
    {
        [BearingsId] = WorkedExample.Bearings, [CodId] = WorkedExample.Cod, [ShirtsId] = WorkedExample.Shirts,
    };

    public static CustomsDeclaration Draft() =>
        Stored(CustomsDeclaration.Create(DeclarationId, CompanyId, Header(), User, Now.AddHours(-3)));

    /// <summary>The worked example's three items and costs, in draft.</summary>
    public static CustomsDeclaration Filled()
    {
        var declaration = Draft();
        declaration.AddItem(Bearings(), User, Now.AddHours(-2));
        declaration.AddItem(Cod(), User, Now.AddHours(-2));
        declaration.AddItem(Shirts(), User, Now.AddHours(-2));
        declaration.SetCosts(Costs(), User, Now.AddHours(-2));
        return Stored(declaration);
    }

    public static CalculationSheet Calculate(CustomsDeclaration declaration) =>
        PaymentCalculator.Calculate(DeclarationCalculation.Input(declaration.State, Tariffs(), WorkedExample.Rates, WorkedExample.FeeBands));

    public static CustomsDeclaration Submitted()
    {
        var declaration = Filled();
        declaration.Check(User, Now.AddHours(-1));
        declaration.RecordCalculation(Calculate(declaration), User, Now.AddHours(-1));
        declaration.Submit(User, Now.AddMinutes(-50));
        return Stored(declaration);
    }

    public static CustomsDeclaration Registered()
    {
        var declaration = Submitted();
        declaration.Register($"{Office}/141125/3001234", Now.AddMinutes(-30));
        return Stored(declaration);
    }

    /// <summary>The declaration as the store would hand it to the next command: its whole history, nothing pending.</summary>
    public static CustomsDeclaration Stored(CustomsDeclaration declaration)
    {
        var history = (Histories.TryGetValue(declaration, out var before) ? before : []).Concat(((IAggregate)declaration).Changes).ToList();
        IAggregate stored = new CustomsDeclaration();
        stored.Load(declaration.Id, history.Count - 1, history);
        Histories.Add((CustomsDeclaration)stored, history);
        return (CustomsDeclaration)stored;
    }

    public static IReadOnlyList<IDomainEvent> History(CustomsDeclaration declaration) =>
        Histories.TryGetValue(declaration, out var history) ? history : [];

    public static DomainException Refused(Action action, string code)
    {
        var e = Assert.ThrowsAny<DomainException>(action);
        Assert.Equal(code, e.Code);
        return e;
    }

    public static CustomsRuleException Broken(Action action, string code, string field)
    {
        var e = Assert.Throws<CustomsRuleException>(action);
        Assert.Equal((code, field), (e.Code, e.Field));
        return e;
    }

    private static readonly ConditionalWeakTable<CustomsDeclaration, List<IDomainEvent>> Histories = new();
}
