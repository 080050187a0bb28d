using WellWon.Finance.PurchaseOrders;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Platform.Mediator;
using static WellWon.Finance.Tests.PurchaseOrders.PurchaseOrderFixture;

namespace WellWon.Finance.Tests.PurchaseOrders;

/// <summary>A purchase order's way from draft to closed: approval by role and limit, sending, confirmation, shipments, cancellation.</summary>
public sealed class PurchaseOrderLifecycleTests
{
    private static readonly Guid Shipment = Guid.NewGuid();
    private static readonly Guid CargoA = Guid.NewGuid();
    private static readonly Guid CargoB = Guid.NewGuid();

    [Fact]
    public void Only_a_draft_is_edited_and_the_same_terms_again_change_nothing()
    {
        var order = Draft();
        order.UpdateDraft(Terms(), User, Now);
        Assert.Empty(order.Changes);
        order.UpdateDraft(Terms() with { IncotermPlace = "Ningbo" }, User, Now);
        Assert.IsType<PurchaseOrderDraftUpdated>(Assert.Single(order.Changes));

        order.Approve(Admin(), Now);
        var refused = Refused(() => order.UpdateDraft(Terms(), User, Now));
        Assert.Equal(("status", PurchaseOrderErrors.NotDraft, RuleKind.Rule), (refused.Field, refused.Code, refused.Kind));
    }

    [Fact]
    public void A_manager_approves_up_to_the_companys_limit_in_roubles_at_the_rate_of_the_day_and_only_an_admin_above()
    {
        // 13,250.00 USD at 90.00 = 1,192,500.00 RUB.
        var within = Draft();
        var approved = within.Approve(Manager(limit: 1_192_500m), Now);
        Assert.Equal((1_192_500m, "manager", User, PurchaseOrderStatuses.Approved), (approved.RubEquivalent, approved.ApproverRole, approved.ApprovedBy, within.State.Status));
        Assert.Equal(new ApprovalRecord(User, "manager", 1_192_500m, 90m, new DateOnly(2026, 3, 2), Now), within.State.Approval);

        var above = Refused(() => Draft().Approve(Manager(limit: 1_192_499.99m), Now));
        Assert.Equal(("total", PurchaseOrderErrors.ApprovalLimitExceeded, RuleKind.Forbidden), (above.Field, above.Code, above.Kind));
        Assert.Equal(PurchaseOrderErrors.ApprovalLimitExceeded, Refused(() => Draft().Approve(Manager(limit: null), Now)).Code);
        Assert.Equal("admin", Draft().Approve(Admin(), Now).ApproverRole);
        Assert.Throws<ForbiddenException>(() => Draft().Approve(Admin() with { Role = WellWon.Platform.Tenancy.CompanyRole.Member }, Now));
    }

    [Fact]
    public void Approval_needs_the_contract_and_its_bank_registration_number_from_three_million_roubles()
    {
        Assert.Equal(("contract", PurchaseOrderErrors.ContractRequired), Fields(Refused(() => Draft(Terms() with { Contract = null }).Approve(Admin(), Now))));

        // USD 40,000 at 75.00 is exactly 3,000,000 RUB: registration is required; at 74.99 it is not.
        var unregistered = Terms(Contract(amount: 40_000m, unk: null));
        Assert.Equal(("contract.bankRegistrationNumber", PurchaseOrderErrors.RegistrationRequired), Fields(Refused(() => Draft(unregistered).Approve(Admin(rate: 75m), Now))));
        Assert.Equal(PurchaseOrderStatuses.Approved, Approved(Draft(unregistered), Admin(rate: 74.99m)).State.Status);
        Assert.Equal(PurchaseOrderStatuses.Approved, Approved(Draft(Terms(Contract(amount: 40_000m))), Admin(rate: 75m)).State.Status);
    }

    [Fact]
    public void Sent_after_approval_confirmed_after_sending_and_closed_only_when_received()
    {
        var order = Draft();
        Assert.Equal(PurchaseOrderErrors.StatusForbids, Refused(() => order.Send(User, Now)).Code);
        order.Approve(Admin(), Now);
        Assert.Equal(PurchaseOrderErrors.StatusForbids, Refused(() => order.Confirm(null, User, Now)).Code);
        order.Send(User, Now);
        order.Confirm(" NB-4471 ", User, Now);
        Assert.Equal((PurchaseOrderStatuses.Confirmed, "NB-4471"), (order.State.Status, order.State.SupplierReference));
        Assert.Equal(PurchaseOrderErrors.StatusForbids, Refused(() => order.Close(User, Now)).Code);
    }

    [Fact]
    public void Shipments_move_a_confirmed_order_to_partly_shipped_then_received_and_a_repeated_report_changes_nothing()
    {
        var order = Confirmed();
        order.LinkLine(1, Shipment, CargoA, 1_000m, User, Now);
        order.LinkLine(2, Shipment, CargoB, 150m, User, Now);
        order.LinkLine(2, Shipment, CargoB, 150m, User, Now);
        Assert.Equal(2, order.Changes.Count);

        var departed = Now.AddDays(5);
        Assert.True(order.RecordFulfilment(Shipment, [new LinkProgress(1, CargoA, 1_000m, 0m), new LinkProgress(2, CargoB, 150m, 0m)], departed, null, Now.AddDays(5)));
        Assert.False(order.RecordFulfilment(Shipment, [new LinkProgress(1, CargoA, 1_000m, 0m), new LinkProgress(2, CargoB, 150m, 0m)], departed, null, Now.AddDays(6)));
        Assert.Equal((PurchaseOrderStatuses.PartlyShipped, 1_000m, 150m, departed), (order.State.Status, order.State.ShippedOf(1), order.State.ShippedOf(2), order.State.ShippedAt));

        var arrived = Now.AddDays(30);
        order.RecordFulfilment(Shipment, [new LinkProgress(1, CargoA, 1_000m, 1_000m), new LinkProgress(2, CargoB, 150m, 150m)], departed, arrived, arrived);
        Assert.Equal(PurchaseOrderStatuses.PartlyShipped, order.State.Status); // 50 oil seals are still to come

        var second = Guid.NewGuid();
        var cargoC = Guid.NewGuid();
        order.LinkLine(2, second, cargoC, 50m, User, arrived);
        // Progress of a cargo line nobody linked is not the order's.
        Assert.False(order.RecordFulfilment(second, [new LinkProgress(1, Guid.NewGuid(), 5m, 5m)], arrived, arrived, arrived));
        order.RecordFulfilment(second, [new LinkProgress(2, cargoC, 50m, 50m)], arrived, arrived.AddDays(2), arrived.AddDays(2));
        Assert.Equal((PurchaseOrderStatuses.Received, arrived.AddDays(2)), (order.State.Status, order.State.ReceivedAt));
        Assert.Equal(new DateOnly(2026, 5, 3), order.State.Payments[1].DueDate); // 30 days after the last goods arrived

        order.Close(User, Now.AddDays(40));
        Assert.Equal(PurchaseOrderStatuses.Closed, order.State.Status);
        Assert.False(order.RecordFulfilment(Shipment, [new LinkProgress(1, CargoA, 0m, 0m)], null, null, Now.AddDays(41)));
    }

    [Fact]
    public void Progress_only_grows_within_the_linked_quantity_so_a_report_from_partial_knowledge_changes_nothing()
    {
        var order = Confirmed();
        order.LinkLine(1, Shipment, CargoA, 400m, User, Now);
        order.RecordFulfilment(Shipment, [new LinkProgress(1, CargoA, 400m, 100m)], Now, Now, Now);
        Assert.False(order.RecordFulfilment(Shipment, [new LinkProgress(1, CargoA, 0m, 0m)], null, null, Now));
        order.RecordFulfilment(Shipment, [new LinkProgress(1, CargoA, 9_999m, 9_999m)], Now, Now, Now);
        Assert.Equal((400m, 400m), (order.State.ShippedOf(1), order.State.ReceivedOf(1)));
    }

    [Fact]
    public void Goods_moved_before_the_supplier_confirmed_count_when_it_confirms()
    {
        var order = Draft();
        order.Approve(Admin(), Now);
        order.Send(User, Now);
        order.LinkLine(1, Shipment, CargoA, 400m, User, Now);
        order.RecordFulfilment(Shipment, [new LinkProgress(1, CargoA, 400m, 0m)], Now, null, Now);
        Assert.Equal(PurchaseOrderStatuses.Sent, order.State.Status);
        order.Confirm(null, User, Now);
        Assert.Equal(PurchaseOrderStatuses.PartlyShipped, order.State.Status);
    }

    [Fact]
    public void Links_carry_at_most_the_ordered_quantity_of_an_existing_line()
    {
        var order = Confirmed();
        order.LinkLine(1, Shipment, CargoA, 600m, User, Now);
        Assert.Equal(("quantity", PurchaseOrderErrors.LinkExceedsOrdered), Fields(Refused(() => order.LinkLine(1, Guid.NewGuid(), CargoB, 400.5m, User, Now))));
        order.LinkLine(1, Shipment, CargoA, 200m, User, Now); // the same cargo line again replaces its quantity
        order.LinkLine(1, Guid.NewGuid(), CargoB, 800m, User, Now);
        Assert.Equal(1_000m, order.State.LinkedOf(1));
        Assert.Equal(("lineNo", PurchaseOrderErrors.LineUnknown), Fields(Refused(() => order.LinkLine(3, Shipment, CargoA, 1m, User, Now))));
        Assert.Equal(("status", PurchaseOrderErrors.StatusForbids), Fields(Refused(() => Draft().LinkLine(1, Shipment, CargoA, 1m, User, Now))));
    }

    [Fact]
    public void Cancelled_with_a_reason_from_any_open_status_and_never_after_receipt()
    {
        var draft = Draft();
        Assert.Equal(("reason", PurchaseOrderErrors.ReasonRequired), Fields(Refused(() => draft.Cancel(" ", User, Now))));
        draft.Cancel("Duplicate", User, Now);
        Assert.False(Assert.IsType<PurchaseOrderCancelled>(draft.Changes[^1]).WasApproved);

        var confirmed = Confirmed();
        confirmed.Cancel("Supplier went bankrupt", User, Now);
        Assert.True(Assert.IsType<PurchaseOrderCancelled>(Assert.Single(confirmed.Changes)).WasApproved);
        Assert.Equal(("status", PurchaseOrderErrors.StatusForbids), Fields(Refused(() => confirmed.Cancel("Again", User, Now))));
    }

    [Fact]
    public void An_import_contract_commits_approved_totals_up_to_its_amount_and_takes_cancelled_ones_back()
    {
        var contract = Contract(amount: 20_000m);
        var commitments = ImportContractCommitments.For(Company, contract.Number);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        commitments.Commit(Company, contract, first, 13_250m, Now);
        commitments.Commit(Company, contract, first, 13_250m, Now);
        Assert.Single(commitments.Changes);
        Assert.Equal(("contract.amount", PurchaseOrderErrors.ContractExceeded), Fields(Refused(() => commitments.Commit(Company, contract, second, 6_750.01m, Now))));
        Assert.Equal(("contract.amount", PurchaseOrderErrors.ContractMismatch), Fields(Refused(() => commitments.Commit(Company, contract with { Amount = 30_000m }, second, 100m, Now))));

        commitments.Release(first, Now);
        commitments.Release(first, Now);
        commitments.Commit(Company, contract, second, 20_000m, Now);
        Assert.Equal((20_000m, 0m), (commitments.State.Committed, commitments.Remaining(Guid.Empty)));
        Assert.Equal(ImportContractCommitments.IdOf(Company, " sh-2026/01 "), commitments.Id);
    }

    private static PurchaseOrder Approved(PurchaseOrder order, ApprovalInput input)
    {
        order.Approve(input, Now);
        return order;
    }

    private static (string Field, string Code) Fields(PurchaseOrderRuleException e) => (e.Field, e.Code);
}
