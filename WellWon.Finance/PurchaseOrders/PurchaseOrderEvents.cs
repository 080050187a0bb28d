using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Finance.PurchaseOrders;

// The facts of a purchase order's stream ("finance-purchase-order-{id}"); the tenant of every event's metadata is the PO's company.
// Statuses are the names of PurchaseOrderStatuses.

/// <summary>A purchase order was opened as a draft; <paramref name="Number"/> is its number in its company (<c>PO-2026-000001</c>).</summary>
[EventType("finance.purchase-order-created.v1")]
public sealed record PurchaseOrderCreated(Guid PurchaseOrderId, Guid CompanyId, string Number, PurchaseOrderTerms Terms, Guid CreatedBy, DateTimeOffset CreatedAt) : IDomainEvent;

/// <summary>The draft after a change (every term's new value).</summary>
[EventType("finance.purchase-order-draft-updated.v1")]
public sealed record PurchaseOrderDraftUpdated(Guid PurchaseOrderId, PurchaseOrderTerms Terms, Guid UpdatedBy, DateTimeOffset UpdatedAt) : IDomainEvent;

/// <summary>
/// Approved by <paramref name="ApprovedBy"/> in the company role <paramref name="ApproverRole"/>; <paramref name="RubEquivalent"/> is the
/// total at the central bank's rate <paramref name="Rate"/> of <paramref name="RateDate"/> (1 and the day for roubles), as the limit saw it.
/// </summary>
[EventType("finance.purchase-order-approved.v1")]
public sealed record PurchaseOrderApproved(
    Guid PurchaseOrderId,
    Guid CompanyId,
    Guid ApprovedBy,
    string ApproverRole,
    Money Total,
    decimal RubEquivalent,
    decimal Rate,
    DateOnly RateDate,
    DateTimeOffset ApprovedAt) : IDomainEvent;

[EventType("finance.purchase-order-sent.v1")]
public sealed record PurchaseOrderSent(Guid PurchaseOrderId, Guid SentBy, DateTimeOffset SentAt) : IDomainEvent;

/// <summary>The supplier confirmed (under its own reference, when given); <paramref name="Status"/> is the PO's status after it.</summary>
[EventType("finance.purchase-order-confirmed.v1")]
public sealed record PurchaseOrderConfirmed(Guid PurchaseOrderId, string? SupplierReference, Guid ConfirmedBy, DateTimeOffset ConfirmedAt, string Status) : IDomainEvent;

/// <summary>Cancelled from an open status; <paramref name="WasApproved"/> says whether its amount was committed on its contract.</summary>
[EventType("finance.purchase-order-cancelled.v1")]
public sealed record PurchaseOrderCancelled(Guid PurchaseOrderId, Guid CompanyId, string Reason, bool WasApproved, Guid CancelledBy, DateTimeOffset CancelledAt) : IDomainEvent;

[EventType("finance.purchase-order-closed.v1")]
public sealed record PurchaseOrderClosed(Guid PurchaseOrderId, Guid ClosedBy, DateTimeOffset ClosedAt) : IDomainEvent;

/// <summary>
/// <paramref name="Quantity"/> of line <paramref name="LineNo"/> travels as cargo line <paramref name="CargoLineId"/> of shipment
/// <paramref name="ShipmentId"/> (the link as it is now: linking the same cargo line again replaces its quantity).
/// </summary>
[EventType("finance.purchase-order-line-linked.v1")]
public sealed record PurchaseOrderLineLinked(
    Guid PurchaseOrderId,
    Guid CompanyId,
    int LineNo,
    Guid ShipmentId,
    Guid CargoLineId,
    decimal Quantity,
    Guid LinkedBy,
    DateTimeOffset LinkedAt) : IDomainEvent;

/// <summary>
/// What one shipment has moved of the PO's linked lines, as Logistics reported it (each link's shipped and received quantity in the
/// line's unit, absolute figures); <paramref name="Status"/> is the PO's status after it.
/// </summary>
[EventType("finance.purchase-order-fulfilment-recorded.v1")]
public sealed record PurchaseOrderFulfilmentRecorded(
    Guid PurchaseOrderId,
    Guid ShipmentId,
    IReadOnlyList<LinkProgress> Links,
    DateTimeOffset? ShippedAt,
    DateTimeOffset? ReceivedAt,
    string Status,
    DateTimeOffset RecordedAt) : IDomainEvent;

/// <summary>
/// The number reserved for a purchase order that was never created is given back: this event takes the PO's stream first, so a
/// creation still under way fails instead of using a number handed out again.
/// </summary>
[EventType("finance.purchase-order-creation-abandoned.v1")]
public sealed record PurchaseOrderCreationAbandoned(Guid PurchaseOrderId, Guid CompanyId, string Number, DateTimeOffset At) : IDomainEvent;

/// <summary>An approved purchase order's amount was committed on its import contract (<paramref name="ContractAmount"/> in all).</summary>
[EventType("finance.import-contract-amount-committed.v1")]
public sealed record ImportContractAmountCommitted(
    Guid ContractId,
    Guid CompanyId,
    string ContractNumber,
    string Currency,
    decimal ContractAmount,
    Guid PurchaseOrderId,
    decimal Amount,
    DateTimeOffset At) : IDomainEvent;

/// <summary>A cancelled purchase order's amount went back to its import contract.</summary>
[EventType("finance.import-contract-commitment-released.v1")]
public sealed record ImportContractCommitmentReleased(Guid ContractId, Guid PurchaseOrderId, decimal Amount, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// The company's approval limit: a manager approves purchase orders up to <paramref name="ManagerLimitRub"/> in roubles at the central
/// bank's rate of the day (null: only admins approve).
/// </summary>
[EventType("finance.purchase-order-approval-limit-set.v1")]
public sealed record PurchaseOrderApprovalLimitSet(Guid CompanyId, decimal? ManagerLimitRub, Guid SetBy, DateTimeOffset SetAt) : IDomainEvent;
