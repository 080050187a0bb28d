using Mediator;
using WellWon.Customs.Compliance;
using WellWon.Customs.Contracts;
using WellWon.Customs.ReadModel;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>What a check found; <see cref="Status"/> is <c>checked</c> only when no finding is an error.</summary>
public sealed record CheckResult(string Status, IReadOnlyList<ComplianceFinding> Checks)
{
    public bool Passed => Status == DeclarationStatuses.Checked;
}

/// <summary>
/// A member checks a draft (<c>POST /api/customs/declarations/{id}/check</c>): its completeness, its weights against its shipment,
/// its unit prices against the company's earlier declarations and its goods against the restricted ones. Every finding is
/// answered with its code, severity, field and message; an error keeps the draft a draft.
/// </summary>
public sealed record CheckDeclaration(Guid DeclarationId, Guid UserId) : ICommand<CheckResult>, IRequireAuthenticatedUser;

public sealed class CheckDeclarationHandler(
    DeclarationWrites writes, ShipmentGoodsReader shipments, PriceHistoryReader prices, RestrictedGoods restricted, TimeProvider clock)
    : ICommandHandler<CheckDeclaration, CheckResult>
{
    public async ValueTask<CheckResult> Handle(CheckDeclaration command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DeclarationId, command.UserId, async declaration =>
        {
            var state = declaration.State;
            var now = clock.GetUtcNow();
            var shipment = state.Header.ShipmentId is { } shipmentId ? await shipments.GetAsync(shipmentId, cancellationToken) : null;
            if (shipment is not null && shipment.CompanyId != state.CompanyId)
            {
                shipment = null;
            }

            var history = new List<IReadOnlyList<decimal>>(state.Items.Count);
            foreach (var item in state.Items)
            {
                history.Add(await prices.UnitPricesAsync(state.CompanyId, item.HsCode, item.InvoicePrice.Currency, item.Unit, command.DeclarationId, cancellationToken));
            }

            var on = state.Header.DeclarationDate ?? DateOnly.FromDateTime(now.UtcDateTime);
            var findings = declaration.Check(command.UserId, now, ComplianceRules.Evaluate(state, shipment, history, restricted, on));
            return new CheckResult(declaration.State.Status, findings);
        }, cancellationToken);
}
