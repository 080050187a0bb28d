using System.Collections.Immutable;
using WellWon.Platform.Kernel;
using WellWon.Platform.Sagas;

namespace WellWon.Finance.PurchaseOrders.Domain;

public sealed record ImportContractState : AggregateState<ImportContractState>
{
    public bool Exists { get; init; }

    public string Number { get; init; } = string.Empty;

    public string Currency { get; init; } = string.Empty;

    public decimal Amount { get; init; }

    /// <summary>The approved purchase orders' totals, by purchase order.</summary>
    public ImmutableDictionary<Guid, decimal> Commitments { get; init; } = ImmutableDictionary<Guid, decimal>.Empty;

    public decimal Committed => Commitments.Values.Sum();

    public ImportContractState()
    {
        On<ImportContractAmountCommitted>((s, e) => s with
        {
            Exists = true, Number = e.ContractNumber, Currency = e.Currency, Amount = e.ContractAmount, Commitments = s.Commitments.SetItem(e.PurchaseOrderId, e.Amount),
        });
        On<ImportContractCommitmentReleased>((s, e) => s with { Commitments = s.Commitments.Remove(e.PurchaseOrderId) });
    }
}

/// <summary>
/// What a company's purchase orders have committed of one import contract (by its number): the approved POs' totals never exceed
/// the contract's amount. The first commitment fixes the contract's currency and amount; a PO naming other figures is refused.
/// </summary>
[StreamCategory("finance-import-contract")]
public sealed class ImportContractCommitments : Aggregate<ImportContractState>
{
    private static readonly Guid Namespace = Guid.Parse("6f1d2c0e-5a0b-4c61-9d38-0b7c2f4e9a51");

    /// <summary>The stream of contract <paramref name="number"/> of <paramref name="companyId"/> (numbers compared without case).</summary>
    public static Guid IdOf(Guid companyId, string number) => DeterministicGuid.Create(Namespace, $"{companyId:N}:{number.Trim().ToUpperInvariant()}");

    public static ImportContractCommitments For(Guid companyId, string number) => new() { Id = IdOf(companyId, number) };

    public decimal Remaining(Guid exceptPurchaseOrder) => State.Amount - State.Commitments.Where(c => c.Key != exceptPurchaseOrder).Sum(c => c.Value);

    /// <summary>Commits <paramref name="amount"/> for the purchase order (again: nothing changes) or refuses what the contract has not left.</summary>
    public void Commit(Guid companyId, ImportContract contract, Guid purchaseOrderId, decimal amount, DateTimeOffset now)
    {
        if (State.Exists && (State.Currency != contract.Currency || State.Amount != contract.Amount))
        {
            throw PurchaseOrderRuleException.Rule("contract.amount", PurchaseOrderErrors.ContractMismatch,
                $"Contract {State.Number} is recorded as {PurchaseOrderRules.Amount(State.Amount, State.Currency)} {State.Currency} by the company's other purchase orders; this one says {PurchaseOrderRules.Amount(contract.Amount, contract.Currency)} {contract.Currency}.");
        }

        if (State.Commitments.TryGetValue(purchaseOrderId, out var committed) && committed == amount)
        {
            return;
        }

        var remaining = State.Exists ? Remaining(purchaseOrderId) : contract.Amount;
        if (amount > remaining)
        {
            throw PurchaseOrderRuleException.Rule("contract.amount", PurchaseOrderErrors.ContractExceeded,
                $"Contract {contract.Number} has {PurchaseOrderRules.Amount(remaining, contract.Currency)} {contract.Currency} left after the company's other approved purchase orders; this one is {PurchaseOrderRules.Amount(amount, contract.Currency)} {contract.Currency}.");
        }

        Apply(new ImportContractAmountCommitted(Id, companyId, contract.Number, contract.Currency, contract.Amount, purchaseOrderId, amount, now));
    }

    /// <summary>Gives a cancelled purchase order's amount back (one never committed, or already released, changes nothing).</summary>
    public void Release(Guid purchaseOrderId, DateTimeOffset now)
    {
        if (State.Commitments.TryGetValue(purchaseOrderId, out var amount))
        {
            Apply(new ImportContractCommitmentReleased(Id, purchaseOrderId, amount, now));
        }
    }
}

public sealed record PurchaseOrderPolicyState : AggregateState<PurchaseOrderPolicyState>
{
    public decimal? ManagerLimitRub { get; init; }

    public PurchaseOrderPolicyState() => On<PurchaseOrderApprovalLimitSet>((s, e) => s with { ManagerLimitRub = e.ManagerLimitRub });
}

/// <summary>A company's rules for approving purchase orders, as data: how much a manager may approve, in roubles.</summary>
[StreamCategory("finance-po-policy")]
public sealed class PurchaseOrderPolicy : Aggregate<PurchaseOrderPolicyState>
{
    public static PurchaseOrderPolicy For(Guid companyId) => new() { Id = companyId };

    public void SetManagerLimit(decimal? limitRub, Guid by, DateTimeOffset now)
    {
        if (limitRub is { } limit && (limit < 0 || Currencies.Round(limit, Currencies.Rub) != limit))
        {
            throw new PurchaseOrderRuleException("managerLimitRub", PurchaseOrderErrors.PriceInvalid, "The managers' limit is a rouble amount of zero or more, with at most two decimals.");
        }

        if (limitRub != State.ManagerLimitRub || OriginalVersion < 0)
        {
            Apply(new PurchaseOrderApprovalLimitSet(Id, limitRub, by, now));
        }
    }
}
