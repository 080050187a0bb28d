using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Logistics.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Mediator;
using WellWon.Platform.Sagas;

namespace WellWon.Finance.PurchaseOrders.Fulfilment;

/// <summary>A PO line's share of one of the shipment's cargo lines.</summary>
public sealed record FulfilmentLink(Guid PurchaseOrderId, Guid CompanyId, int LineNo, Guid CargoLineId, decimal Quantity);

/// <summary>Packages of a cargo line a warehouse received (of <see cref="Expected"/> the line held then).</summary>
public sealed record FulfilmentReceipt(Guid ReceiptId, Guid CargoLineId, int Expected, int Received, DateTimeOffset At);

/// <summary>
/// What the saga knows of one shipment (its id is the saga's): its company and status (from the shipment's stream, the newest
/// version wins), when it departed, the PO lines linked to its cargo lines and the warehouses' receipts of them.
/// </summary>
public sealed record PurchaseOrderFulfilmentState(
    Guid ShipmentId,
    Guid? CompanyId,
    string? Status,
    long StatusVersion,
    DateTimeOffset? DepartedAt,
    ImmutableList<FulfilmentLink> Links,
    ImmutableList<FulfilmentReceipt> Receipts)
{
    /// <summary>Each linked line's shipped and received quantity, in the line's unit, by purchase order (links of other companies are ignored).</summary>
    public IEnumerable<(Guid PurchaseOrderId, IReadOnlyList<LinkProgress> Progress)> ProgressByOrder() =>
        CompanyId is not { } company
            ? []
            : Links.Where(l => l.CompanyId == company).GroupBy(l => l.PurchaseOrderId)
                .Select(g => (g.Key, (IReadOnlyList<LinkProgress>)[.. g.Select(Progress)]));

    public DateTimeOffset? ReceivedAt => Receipts.Count == 0 ? null : Receipts.Max(r => r.At);

    public DateTimeOffset? ShippedAt => DepartedAt ?? (Receipts.Count == 0 ? null : Receipts.Min(r => r.At));

    private LinkProgress Progress(FulfilmentLink link)
    {
        var receipts = Receipts.Where(r => r.CargoLineId == link.CargoLineId).ToList();
        var expected = receipts.Count == 0 ? 0 : receipts.Max(r => r.Expected);
        var received = expected <= 0 ? 0m
            : Math.Round(link.Quantity * Math.Min(1m, receipts.Sum(r => (decimal)r.Received) / expected), 6, MidpointRounding.AwayFromZero);
        // Goods count as shipped once the shipment left; goods received were shipped, whatever the shipment's status says.
        var shipped = Status is { } s && ShipmentStatuses.Rank(s) >= ShipmentStatuses.Rank(ShipmentStatuses.InTransit) ? link.Quantity : 0m;
        return new LinkProgress(link.LineNo, link.CargoLineId, Math.Max(shipped, received), received);
    }
}

/// <summary>
/// Follows a shipment for the purchase orders whose lines are linked to its cargo lines: its departure (a milestone that puts it in
/// transit or beyond) counts the linked quantities as shipped, the warehouses' receipts count the received share of each cargo line's
/// packages. After every event it records the figures on each linked PO through the aggregate, which moves a confirmed PO to partly
/// shipped and received. The state is a set of facts (links by line, receipts by id, the status of the newest version) and the PO only
/// ever raises its figures (Logistics' facts never retract), so an event delivered twice, late, or replayed into a saga that forgot the
/// shipment changes nothing, and the PO records nothing it already holds.
/// </summary>
public sealed class PurchaseOrderFulfilmentSaga : Saga<PurchaseOrderFulfilmentState>
{
    public PurchaseOrderFulfilmentSaga()
    {
        On<PurchaseOrderLineLinked>(e => e.ShipmentId, (s, e, c, ct) => RecordAsync(s with
        {
            Links = s.Links.RemoveAll(l => l.PurchaseOrderId == e.PurchaseOrderId && l.LineNo == e.LineNo && l.CargoLineId == e.CargoLineId)
                .Add(new FulfilmentLink(e.PurchaseOrderId, e.CompanyId, e.LineNo, e.CargoLineId, e.Quantity)),
        }, c, ct));
        On<ShipmentCreated>(e => e.ShipmentId, (s, e, c, ct) => RecordAsync(WithStatus(s, e.CompanyId, ShipmentStatuses.Draft, c.Event), c, ct));
        On<ShipmentBooked>(e => e.ShipmentId, (s, e, c, ct) => RecordAsync(WithStatus(s, e.CompanyId, ShipmentStatuses.Booked, c.Event), c, ct));
        On<ShipmentCancelled>(e => e.ShipmentId, (s, e, c, ct) => RecordAsync(WithStatus(s, e.CompanyId, ShipmentStatuses.Cancelled, c.Event), c, ct));
        On<MilestoneRecorded>(e => e.ShipmentId, (s, e, c, ct) =>
        {
            var next = WithStatus(s, s.CompanyId, e.Status, c.Event);
            if (ShipmentStatuses.Rank(e.Status) >= ShipmentStatuses.Rank(ShipmentStatuses.InTransit) && (next.DepartedAt is null || e.Milestone.At < next.DepartedAt))
            {
                next = next with { DepartedAt = e.Milestone.At };
            }

            return RecordAsync(next, c, ct);
        });
        On<GoodsReceived>(e => e.ShipmentId, (s, e, c, ct) => RecordAsync(
            s.Receipts.Any(r => r.ReceiptId == e.ReceiptId) ? s : s with { Receipts = s.Receipts.Add(new FulfilmentReceipt(e.ReceiptId, e.CargoLineId, e.Expected, e.Received, e.At)) },
            c, ct));
    }

    public override string Type => "finance.purchase-order-fulfilment";

    protected override PurchaseOrderFulfilmentState Start(Guid sagaId) => new(sagaId, null, null, -1, null, [], []);

    // The shipment's events carry its status after them; the newest version is the status now, whatever order they come in.
    private static PurchaseOrderFulfilmentState WithStatus(PurchaseOrderFulfilmentState s, Guid? companyId, string status, RecordedEvent recorded) =>
        recorded.StreamVersion > s.StatusVersion
            ? s with { CompanyId = companyId ?? s.CompanyId, Status = status, StatusVersion = recorded.StreamVersion }
            : s with { CompanyId = s.CompanyId ?? companyId };

    private static async Task<SagaStepResult> RecordAsync(PurchaseOrderFulfilmentState state, SagaContext context, CancellationToken ct)
    {
        foreach (var (purchaseOrderId, progress) in state.ProgressByOrder())
        {
            for (var attempt = 1; ; attempt++)
            {
                var order = await context.Aggregates.TryLoadAsync<PurchaseOrder>(purchaseOrderId, ct);
                if (order is not { Exists: true } || order.State.CompanyId != state.CompanyId
                    || !order.RecordFulfilment(state.ShipmentId, progress, state.ShippedAt, state.ReceivedAt, context.Event.RecordedAt))
                {
                    break;
                }

                context.Services.GetRequiredService<RequestContext>().TenantId = order.State.CompanyId;
                try
                {
                    await context.Aggregates.SaveAsync(order, ct);
                    break;
                }
                catch (WrongExpectedVersionException) when (attempt < 5)
                {
                    // A user changed the PO meanwhile; the figures are decided again on its new state.
                }
            }
        }

        return new SagaStepResult(state, Completed: false);
    }
}
