using FluentValidation;
using Mediator;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

/// <summary>
/// A company's shipments, newest first, a page at a time (<c>GET /api/shipments?companyId=&amp;status=&amp;mode=&amp;etaFrom=&amp;etaTo=&amp;q=&amp;cursor=&amp;limit=</c>):
/// by status, mode, final ETA within a range, and text found in the reference, a container number or the B/L number.
/// <see cref="Cursor"/> is the previous page's <c>next</c>. Participants only (viewers included); anyone else is told the company does not exist.
/// </summary>
public sealed record ListShipments(
    Guid UserId,
    Guid? CompanyId,
    string? Status = null,
    string? Mode = null,
    DateTimeOffset? EtaFrom = null,
    DateTimeOffset? EtaTo = null,
    string? Q = null,
    string? Cursor = null,
    int Limit = ListShipments.DefaultLimit) : IQuery<ShipmentPage>, IRequireAuthenticatedUser
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxTextLength = 100;
}

public sealed class ListShipmentsValidator : AbstractValidator<ListShipments>
{
    public ListShipmentsValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose shipments to list (companyId).");
        RuleFor(x => x.Status).Must(s => ShipmentStatuses.All.Contains(s!)).When(x => x.Status is not null)
            .WithMessage($"'status' is one of: {string.Join(", ", ShipmentStatuses.All.Order())}.");
        RuleFor(x => x.Mode).Must(m => TransportModes.All.Contains(m!)).When(x => x.Mode is not null)
            .WithMessage($"'mode' is one of: {string.Join(", ", TransportModes.All.Order())}.");
        RuleFor(x => x.EtaTo).GreaterThanOrEqualTo(x => x.EtaFrom).When(x => x.EtaFrom is not null && x.EtaTo is not null);
        RuleFor(x => x.Q).MaximumLength(ListShipments.MaxTextLength);
        RuleFor(x => x.Limit).InclusiveBetween(1, ListShipments.MaxLimit);
        RuleFor(x => x.Cursor).Must(c => ShipmentCursor.TryParse(c, out _)).When(x => !string.IsNullOrEmpty(x.Cursor))
            .WithMessage("Pass the 'next' value of the previous page as 'cursor'.");
    }
}

public sealed class ListShipmentsHandler(ShipmentReader reader, ICompanyAccess access) : IQueryHandler<ListShipments, ShipmentPage>
{
    public async ValueTask<ShipmentPage> Handle(ListShipments query, CancellationToken cancellationToken)
    {
        var companyId = query.CompanyId!.Value;
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        ShipmentCursor? after = ShipmentCursor.TryParse(query.Cursor, out var cursor) ? cursor : null;
        var filter = new ShipmentFilter(companyId, query.Status, query.Mode, query.EtaFrom, query.EtaTo, string.IsNullOrWhiteSpace(query.Q) ? null : query.Q);
        return await reader.ListAsync(filter, after, query.Limit, cancellationToken);
    }
}
