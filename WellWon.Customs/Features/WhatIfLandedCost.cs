using FluentValidation;
using Mediator;
using WellWon.Customs.Calculation;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.ReadModel;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Customs.Features;

/// <summary>One goods item of a what-if; <c>preference</c> asks for the one the tariff grants to its code and origin.</summary>
public sealed record WhatIfItemInput(
    string? Description,
    string? HsCode,
    string? Origin,
    decimal? GrossWeightKg,
    decimal? NetWeightKg,
    decimal? Quantity,
    string? Unit,
    MoneyInput? InvoicePrice,
    bool Preference = false,
    decimal? ExciseQuantity = null);

/// <summary>The JSON body of <c>POST /api/customs/landed-cost/what-if</c>; without items, a shipment's cargo lines are taken.</summary>
public sealed record WhatIfLandedCostRequest(
    Guid CompanyId,
    Guid? ShipmentId = null,
    DateOnly? Date = null,
    string? Incoterm = null,
    string? Allocation = null,
    MoneyInput? Freight = null,
    MoneyInput? Insurance = null,
    IReadOnlyList<WhatIfItemInput>? Items = null);

/// <summary>
/// A participant of the company tries figures: the landed cost they would give on <c>date</c> (today when not given), computed by
/// the same calculator as declarations and saved nowhere. Data of the wrong shape is 400 naming the field (<c>items[0].hsCode</c>).
/// </summary>
public sealed record WhatIfLandedCost(Guid UserId, WhatIfLandedCostRequest Request) : IQuery<LandedCost>, IRequireAuthenticatedUser;

public sealed class WhatIfLandedCostValidator : AbstractValidator<WhatIfLandedCost>
{
    public const int MaxItems = CustomsDeclaration.MaxItems;

    public WhatIfLandedCostValidator()
    {
        RuleFor(x => x.Request.CompanyId).NotEmpty().OverridePropertyName("companyId");
        RuleFor(x => x.Request.Items).Must(i => i is null || i.Count <= MaxItems).WithMessage($"A what-if has at most {MaxItems} items.").OverridePropertyName("items");
        RuleFor(x => x.Request).Must(r => r.Items is { Count: > 0 } || r.ShipmentId is not null)
            .WithMessage("Give the items, or a shipment whose cargo lines to take.").OverridePropertyName("items");
    }
}

public sealed class WhatIfLandedCostHandler(ShipmentGoodsReader shipments, LandedCostEstimates estimates, ICompanyAccess access, TimeProvider clock)
    : IQueryHandler<WhatIfLandedCost, LandedCost>
{
    public async ValueTask<LandedCost> Handle(WhatIfLandedCost query, CancellationToken cancellationToken)
    {
        var r = query.Request;
        await access.RequireAsync(query.UserId, r.CompanyId, CompanyRole.Viewer, cancellationToken);

        ShipmentGoods? shipment = null;
        if (r.ShipmentId is { } shipmentId)
        {
            shipment = await shipments.GetAsync(shipmentId, cancellationToken);
            if (shipment is null || shipment.CompanyId != r.CompanyId)
            {
                throw CustomsErrors.ShipmentMissing(shipmentId);
            }
        }

        var warnings = new List<string>();
        var incoterm = string.IsNullOrWhiteSpace(r.Incoterm) ? shipment?.Incoterm : r.Incoterm.Trim().ToUpperInvariant();
        if (incoterm is not null && !DeclarationRules.Incoterms.Contains(incoterm))
        {
            throw RequestValidationException.For("incoterm", CustomsErrors.IncotermInvalid, $"'{r.Incoterm}' is not an Incoterms 2020 rule.");
        }

        var allocation = (r.Allocation ?? AllocationMethods.ByWeight).Trim().ToLowerInvariant();
        if (!AllocationMethods.All.Contains(allocation))
        {
            throw RequestValidationException.For("allocation", CustomsErrors.AllocationInvalid, $"'{r.Allocation}' is neither 'weight' nor 'value'.");
        }

        var costs = new List<CalculationCost>();
        if (r.Freight is { } freight)
        {
            costs.Add(new CalculationCost(CostKinds.Freight, Valid(() => Contracts.Money.Create(freight.Amount ?? -1m, freight.Currency, "freight"))));
        }
        else if (incoterm is not null && DeclarationRules.BuyerPaysCarriage.Contains(incoterm))
        {
            warnings.Add($"Under {incoterm} the price leaves out the carriage to the border: give the freight for a complete figure.");
        }

        if (r.Insurance is { } insurance)
        {
            costs.Add(new CalculationCost(CostKinds.Insurance, Valid(() => Contracts.Money.Create(insurance.Amount ?? -1m, insurance.Currency, "insurance"))));
        }

        var items = r.Items is { Count: > 0 } given ? [.. given.Select(Item)] : LandedCostEstimates.FromCargo(shipment!, warnings);
        if (items.Count == 0)
        {
            throw new DomainException(GetLandedCostHandler.NothingToCompute, "No item has a value to compute from.");
        }

        var date = r.Date ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return await estimates.ComputeAsync(shipment?.Id, r.CompanyId, LandedCostBases.WhatIf, date, allocation, items, costs, warnings,
            strict: r.Items is { Count: > 0 }, cancellationToken);
    }

    /// <summary>The item checked by the declaration's own rules, each broken one named by the request's field.</summary>
    private static EstimateItem Item(WhatIfItemInput input, int index)
    {
        var net = input.NetWeightKg ?? 0m;
        var draft = new GoodsItem(Guid.Empty, input.Description ?? string.Empty, input.HsCode ?? string.Empty, input.Origin ?? string.Empty,
            input.Quantity ?? net, input.Unit ?? (input.Quantity is null ? "kg" : string.Empty), input.GrossWeightKg ?? 0m, net,
            new Contracts.Money(input.InvoicePrice?.Amount ?? -1m, input.InvoicePrice?.Currency ?? string.Empty), null, input.ExciseQuantity, []);
        GoodsItem item;
        try
        {
            item = DeclarationRules.Item(draft);
        }
        catch (CustomsRuleException e)
        {
            var field = e.Field switch { "grossKg" => "grossWeightKg", "netKg" => "netWeightKg", _ => e.Field };
            throw RequestValidationException.For($"items[{index}].{field}", e.Code, e.Message);
        }

        return new EstimateItem($"Item {index + 1}", item.Description, item.HsCode, item.Origin, item.GrossKg, item.NetKg, item.Quantity, item.Unit,
            item.InvoicePrice, input.Preference, item.ExciseQuantity);
    }

    private static T Valid<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (CustomsRuleException e)
        {
            throw RequestValidationException.For(e.Field, e.Code, e.Message);
        }
    }
}
