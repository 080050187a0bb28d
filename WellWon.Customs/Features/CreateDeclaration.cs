using FluentValidation;
using Mediator;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.ReadModel;
using WellWon.Customs.Tariff;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Customs.Features;

/// <summary>
/// The JSON body of <c>POST /api/customs/declarations</c>: the company and procedure, and whatever of the header is known. With
/// <see cref="FromShipmentId"/> the goods items come from that shipment's cargo lines, the Incoterm (unless given) from the shipment,
/// the origin (unless given) from its first leg, and the declaration is linked to it.
/// </summary>
public sealed record CreateDeclarationRequest(
    Guid CompanyId,
    string? Procedure,
    PartyInput? Declarant = null,
    PartyInput? Representative = null,
    string? CustomsOffice = null,
    DateOnly? DeclarationDate = null,
    string? Incoterm = null,
    string? IncotermPlace = null,
    Guid? ShipmentId = null,
    string? AllocationMethod = null,
    Guid? FromShipmentId = null,
    string? Origin = null);

/// <summary>A member of <see cref="CompanyId"/> opens a declaration as a draft, empty or from one of the company's shipments.</summary>
public sealed record CreateDeclaration(Guid UserId, Guid CompanyId, HeaderInput Header, Guid? FromShipmentId = null, string? Origin = null)
    : ICommand<CreatedDeclaration>, IRequireAuthenticatedUser
{
    public static CreateDeclaration From(Guid userId, CreateDeclarationRequest r) => new(userId, r.CompanyId,
        new HeaderInput(r.Procedure, r.Declarant, r.Representative, r.CustomsOffice, r.DeclarationDate, r.Incoterm, r.IncotermPlace, r.ShipmentId, r.AllocationMethod),
        r.FromShipmentId, r.Origin);
}

/// <param name="Warnings">What of the shipment could not be carried over (cargo lines without an HS code or a value), to complete by hand.</param>
public sealed record CreatedDeclaration(Guid Id, IReadOnlyList<string>? Warnings = null);

public sealed class CreateDeclarationValidator : AbstractValidator<CreateDeclaration>
{
    public CreateDeclarationValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty();
        RuleFor(x => x.Header.Procedure).NotEmpty().OverridePropertyName("procedure");
    }
}

public sealed class CreateDeclarationHandler(
    IAggregateStore store, ICompanyAccess access, TariffReader tariff, ShipmentGoodsReader shipments, RequestContext context, TimeProvider clock)
    : ICommandHandler<CreateDeclaration, CreatedDeclaration>
{
    public async ValueTask<CreatedDeclaration> Handle(CreateDeclaration command, CancellationToken cancellationToken)
    {
        await access.RequireAsync(command.UserId, command.CompanyId, CompanyRole.Member, cancellationToken);
        var id = Guid.CreateVersion7();
        var header = command.Header;
        IReadOnlyList<GoodsItem> items = [];
        List<string>? warnings = null;
        if (command.FromShipmentId is { } shipmentId)
        {
            // Another company's shipment is answered as one that does not exist.
            var shipment = await shipments.GetAsync(shipmentId, cancellationToken);
            if (shipment is null || shipment.CompanyId != command.CompanyId)
            {
                throw CustomsErrors.ShipmentMissing(shipmentId);
            }

            header = header with
            {
                ShipmentId = shipmentId,
                Incoterm = header.Incoterm ?? shipment.Incoterm,
                IncotermPlace = header.Incoterm is null ? shipment.IncotermPlace : header.IncotermPlace,
            };
            warnings = [];
            items = ItemsOf(shipment, command.Origin, warnings);
        }

        var now = clock.GetUtcNow();
        CustomsDeclaration declaration;
        try
        {
            declaration = CustomsDeclaration.Create(id, command.CompanyId, DeclarationInputs.Header(header), command.UserId, now);
            foreach (var item in items)
            {
                declaration.AddItem(item, command.UserId, now);
            }
        }
        catch (CustomsRuleException e)
        {
            throw RequestValidationException.For(e.Field, e.Code, e.Message);
        }

        // The procedures WellWon knows are data, read before the stream is written.
        if (await tariff.FindProcedureAsync(declaration.State.Header.Procedure, cancellationToken) is null)
        {
            throw RequestValidationException.For("procedure", CustomsErrors.ProcedureUnknown, $"Customs procedure {declaration.State.Header.Procedure} is not one WellWon knows.");
        }

        context.TenantId = command.CompanyId;
        await store.SaveAsync(declaration, cancellationToken);
        return new CreatedDeclaration(id, warnings);
    }

    /// <summary>
    /// One goods item per cargo line that has a 10-digit code and a declared value (the others are named in <paramref name="warnings"/>).
    /// The quantity is the net weight in kg: a cargo line counts packages, not the goods' supplementary unit.
    /// </summary>
    private static List<GoodsItem> ItemsOf(ShipmentGoods shipment, string? origin, List<string> warnings)
    {
        if (shipment.Cargo.Count == 0)
        {
            throw new DomainException(CustomsErrors.ShipmentWithoutCargo, $"Shipment {shipment.Reference} has no cargo lines to declare.");
        }

        var country = origin ?? shipment.OriginCountry
            ?? throw RequestValidationException.For("origin", CustomsErrors.CountryInvalid, $"Shipment {shipment.Reference} has no route yet: give the goods' origin.");
        var items = new List<GoodsItem>();
        for (var i = 0; i < shipment.Cargo.Count; i++)
        {
            var line = shipment.Cargo[i];
            if (!HsCode.TryParse(line.HsCode, out var code))
            {
                warnings.Add($"Cargo line {i + 1} ({line.Description}) has no 10-digit HS code: add its goods item by hand.");
                continue;
            }

            if (line.DeclaredValue is not { } value)
            {
                warnings.Add($"Cargo line {i + 1} ({line.Description}) has no declared value: add its goods item by hand.");
                continue;
            }

            var net = line.NetKg ?? line.GrossKg;
            if (line.NetKg is null)
            {
                warnings.Add($"Cargo line {i + 1} ({line.Description}) has no net weight: its gross weight was taken.");
            }

            items.Add(new GoodsItem(Guid.CreateVersion7(), line.Description, code.Value, country, net, "kg", line.GrossKg, net, value, null, null, []));
        }

        return items.Count > 0
            ? items
            : throw new DomainException(CustomsErrors.ShipmentWithoutCargo, $"No cargo line of shipment {shipment.Reference} has both a 10-digit HS code and a declared value.");
    }
}
