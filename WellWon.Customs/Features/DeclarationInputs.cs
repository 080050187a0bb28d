using WellWon.Customs.Calculation;
using WellWon.Customs.Contracts;

namespace WellWon.Customs.Features;

// The JSON shapes of the declaration API; every field may be missing, and the aggregate's rules say which ones are needed.

public sealed record PartyInput(Guid? CompanyId, string? Name, string? TaxId, string? Address);

public sealed record MoneyInput(decimal? Amount, string? Currency);

public sealed record DocumentInput(string? Code, string? Number, DateOnly? Date);

public sealed record HeaderInput(
    string? Procedure,
    PartyInput? Declarant = null,
    PartyInput? Representative = null,
    string? CustomsOffice = null,
    DateOnly? DeclarationDate = null,
    string? Incoterm = null,
    string? IncotermPlace = null,
    Guid? ShipmentId = null,
    string? AllocationMethod = null);

public sealed record GoodsItemInput(
    string? Description,
    string? HsCode,
    string? Origin,
    decimal? Quantity,
    string? Unit,
    decimal? GrossKg,
    decimal? NetKg,
    MoneyInput? InvoicePrice,
    string? Preference = null,
    decimal? ExciseQuantity = null,
    IReadOnlyList<DocumentInput>? Documents = null);

public sealed record CostInput(string? Kind, MoneyInput? Amount);

public static class DeclarationInputs
{
    public static DeclarationHeader Header(HeaderInput input) => new(
        Party(input.Declarant),
        Party(input.Representative),
        input.Procedure ?? string.Empty,
        input.CustomsOffice,
        input.DeclarationDate,
        input.Incoterm,
        input.IncotermPlace,
        input.ShipmentId,
        input.AllocationMethod ?? AllocationMethods.ByWeight);

    public static GoodsItem Item(GoodsItemInput input, Guid id) => new(
        id,
        input.Description ?? string.Empty,
        input.HsCode ?? string.Empty,
        input.Origin ?? string.Empty,
        input.Quantity ?? 0m,
        input.Unit ?? string.Empty,
        input.GrossKg ?? 0m,
        input.NetKg ?? 0m,
        Money(input.InvoicePrice),
        input.Preference,
        input.ExciseQuantity,
        [.. (input.Documents ?? []).Select(d => new ItemDocument(d.Code ?? string.Empty, d.Number ?? string.Empty, d.Date))]);

    public static IReadOnlyList<DeclarationCost> Costs(IReadOnlyList<CostInput>? costs) =>
        [.. (costs ?? []).Select(c => new DeclarationCost(c.Kind ?? string.Empty, Money(c.Amount)))];

    // A missing amount is negative to the rules, so it is refused as "amount invalid" naming the field.
    private static Money Money(MoneyInput? input) => new(input?.Amount ?? -1m, input?.Currency ?? string.Empty);

    private static DeclarationParty? Party(PartyInput? input) =>
        input is null ? null : new DeclarationParty(input.CompanyId, input.Name ?? string.Empty, input.TaxId, input.Address);
}
