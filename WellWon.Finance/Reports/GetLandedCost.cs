using FluentValidation;
using Mediator;
using Npgsql;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Invoices.ReadModel;
using WellWon.Finance.Payables;
using WellWon.Finance.Payments;
using WellWon.Finance.PurchaseOrders;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;
using CustomsLandedCost = WellWon.Customs.Features.GetLandedCost;

namespace WellWon.Finance.Reports;

public sealed record ActualLandedCost(
    decimal Goods, decimal Freight, decimal Insurance, decimal Duty, decimal Excise, decimal Vat, decimal Fees, decimal Services, decimal FxDifference, decimal Total);

public sealed record EstimatedLandedCost(decimal Goods, decimal Freight, decimal Insurance, decimal Duty, decimal Excise, decimal Vat, decimal Fees, decimal Total, string Basis);

/// <summary>One amount in roubles the actual figure is made of: what it is (goods, freight, duty…), where it comes from, and its reference.</summary>
public sealed record LandedCostLine(string Kind, string Source, string Reference, decimal Amount);

public sealed record ShipmentLandedCost(Guid ShipmentId, string Currency, ActualLandedCost Actual, EstimatedLandedCost? Estimate, IReadOnlyList<LandedCostLine> Lines);

/// <summary>
/// What a shipment's goods actually cost landed, in roubles (<c>GET /api/finance/landed-cost?companyId=&amp;shipmentId=</c>), next to
/// Customs' estimate: approved goods invoices for the share of their PO lines linked to the shipment, service invoices' lines allocated
/// to it (freight and insurance by their description, the rest as services), the customs payables of its declarations, and the FX
/// difference between what completed payments of those invoices cost in roubles and the invoices at the rate they were booked at.
/// Participants only.
/// </summary>
public sealed record GetShipmentLandedCost(Guid UserId, Guid? CompanyId, Guid? ShipmentId) : IQuery<ShipmentLandedCost>, IRequireAuthenticatedUser;

public sealed class GetShipmentLandedCostValidator : AbstractValidator<GetShipmentLandedCost>
{
    public GetShipmentLandedCostValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company (companyId).");
        RuleFor(x => x.ShipmentId).NotEmpty().WithMessage("Name the shipment (shipmentId).");
    }
}

public sealed class GetShipmentLandedCostHandler(
    NpgsqlDataSource db, CustomsPayablesReader customs, IOfficialRates rates, ICompanyAccess access, ISender sender)
    : IQueryHandler<GetShipmentLandedCost, ShipmentLandedCost>
{
    public async ValueTask<ShipmentLandedCost> Handle(GetShipmentLandedCost query, CancellationToken cancellationToken)
    {
        var (companyId, shipmentId) = (query.CompanyId!.Value, query.ShipmentId!.Value);
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        var lines = new List<LandedCostLine>();
        var fx = 0m;

        // Goods: each approved goods invoice bills PO lines; the shipment carries the linked share of each line.
        var orders = await StatesAsync(PurchaseOrdersProjection.LiveTable.ToString(), "id", companyId, shipmentId, PurchaseOrdersProjection.ReadState, cancellationToken);
        foreach (var (orderId, order) in orders)
        {
            var shares = order.Terms?.Lines.ToDictionary(l => l.LineNo, l =>
                l.Quantity > 0 ? Math.Min(1m, order.Links.Where(k => k.LineNo == l.LineNo && k.ShipmentId == shipmentId).Sum(k => k.Quantity) / l.Quantity) : 0m) ?? [];
            foreach (var (invoiceId, invoice) in await InvoicesOfOrderAsync(companyId, orderId, cancellationToken))
            {
                var amount = invoice.Lines.Sum(l => l.Amount * shares.GetValueOrDefault(l.PoLineNo));
                if (amount == 0m)
                {
                    continue;
                }

                var rate = await RateOfAsync(invoice, cancellationToken);
                lines.Add(new LandedCostLine("goods", "supplier-invoice", invoice.Number, Currencies.Round(amount * rate, Currencies.Rub)));
                fx += await FxDifferenceAsync(invoiceId, invoice, rate, amount / invoice.Total, cancellationToken);
            }
        }

        // Services allocated to the shipment: freight and insurance by what the line says, the rest as services.
        foreach (var (invoiceId, invoice) in await StatesAsync(SupplierInvoicesProjection.LiveTable.ToString(), "id", companyId, shipmentId, SupplierInvoicesProjection.ReadState, cancellationToken))
        {
            if (invoice.Kind != InvoiceKinds.Service || invoice.Status is not (InvoiceStatuses.Approved or InvoiceStatuses.Paid))
            {
                continue;
            }

            var rate = await RateOfAsync(invoice, cancellationToken);
            var allocated = 0m;
            foreach (var line in invoice.ServiceLines.Where(l => l.ShipmentId == shipmentId))
            {
                allocated += line.Amount;
                var kind = line.Description.Contains("insurance", StringComparison.OrdinalIgnoreCase) ? "insurance"
                    : line.Description.Contains("freight", StringComparison.OrdinalIgnoreCase) ? "freight"
                    : "services";
                lines.Add(new LandedCostLine(kind, "service-invoice", $"{invoice.Number} {invoice.SupplierName}: {line.Description}", Currencies.Round(line.Amount * rate, Currencies.Rub)));
            }

            if (allocated != 0m && invoice.Net != 0m)
            {
                fx += await FxDifferenceAsync(invoiceId, invoice, rate, allocated / invoice.Net, cancellationToken);
            }
        }

        // Duties, excise, VAT and fees of the shipment's registered declarations.
        foreach (var payable in await customs.ListAsync(companyId, null, shipmentId, null, cancellationToken))
        {
            var reference = payable.RegistrationNumber ?? payable.DeclarationId.ToString();
            lines.Add(new LandedCostLine("duty", "customs", reference, payable.Duty));
            lines.Add(new LandedCostLine("excise", "customs", reference, payable.Excise));
            lines.Add(new LandedCostLine("vat", "customs", reference, payable.Vat));
            lines.Add(new LandedCostLine("fees", "customs", reference, payable.Fees));
        }

        fx = Currencies.Round(fx, Currencies.Rub);
        if (fx != 0m)
        {
            lines.Add(new LandedCostLine("fx-difference", "payments", "Paid in roubles at the bank's rate against the rate booked", fx));
        }

        lines.RemoveAll(l => l.Amount == 0m);
        decimal Sum(string kind) => lines.Where(l => l.Kind == kind).Sum(l => l.Amount);
        var actual = new ActualLandedCost(Sum("goods"), Sum("freight"), Sum("insurance"), Sum("duty"), Sum("excise"), Sum("vat"), Sum("fees"), Sum("services"), fx,
            lines.Sum(l => l.Amount));
        return new ShipmentLandedCost(shipmentId, Currencies.Rub, actual, await EstimateAsync(query.UserId, shipmentId, cancellationToken), lines);
    }

    // Customs' own figure, asked of Customs in-process; none when Customs has nothing to estimate from.
    private async Task<EstimatedLandedCost?> EstimateAsync(Guid userId, Guid shipmentId, CancellationToken ct)
    {
        try
        {
            var e = await sender.Send(new CustomsLandedCost(shipmentId, userId), ct);
            var t = e.Totals;
            return new EstimatedLandedCost(t.GoodsValue, t.Freight, t.Insurance, t.Duty, t.Excise, t.Vat, t.Fees, t.Total, e.Basis);
        }
        catch (DomainException)
        {
            return null;
        }
    }

    // The rate the invoice was booked at: its approval's rouble equivalent, roubles as they are, else the central bank's of its date.
    private async Task<decimal> RateOfAsync(SupplierInvoiceState invoice, CancellationToken ct) =>
        invoice.Currency == Currencies.Rub ? 1m
        : invoice.Approval?.RubEquivalent is { } rub && invoice.Total != 0m ? rub / invoice.Total
        : (await rates.RubPerUnitAsync(invoice.Currency, invoice.InvoiceDate, ct))?.RubPerUnit ?? 0m;

    // What the invoice's completed payments cost in roubles beyond the invoice at its booked rate, for the shipment's share of it.
    private async Task<decimal> FxDifferenceAsync(Guid invoiceId, SupplierInvoiceState invoice, decimal rate, decimal share, CancellationToken ct)
    {
        if (invoice.Currency == Currencies.Rub || rate == 0m)
        {
            return 0m;
        }

        await using var select = db.CreateCommand($"""
            SELECT coalesce(sum(rub_debited), 0), coalesce(sum(amount), 0) FROM {PaymentSettlementsProjection.LiveTable}
            WHERE purpose_kind = $1 AND purpose_id = $2 AND currency = $3
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = PaymentPurposes.SupplierInvoice });
        select.Parameters.Add(new NpgsqlParameter { Value = invoiceId });
        select.Parameters.Add(new NpgsqlParameter { Value = invoice.Currency });
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetDecimal(0) - reader.GetDecimal(1) * rate) * share : 0m;
    }

    private async Task<List<(Guid Id, SupplierInvoiceState State)>> InvoicesOfOrderAsync(Guid companyId, Guid orderId, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT id, state FROM {SupplierInvoicesProjection.LiveTable} WHERE company_id = $1 AND purchase_order_id = $2 AND kind = $3 AND status IN ($4, $5) ORDER BY invoice_date, id");
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        select.Parameters.Add(new NpgsqlParameter { Value = orderId });
        select.Parameters.Add(new NpgsqlParameter { Value = InvoiceKinds.Goods });
        select.Parameters.Add(new NpgsqlParameter { Value = InvoiceStatuses.Approved });
        select.Parameters.Add(new NpgsqlParameter { Value = InvoiceStatuses.Paid }); // paying an invoice does not take its goods out of the cost
        var list = new List<(Guid, SupplierInvoiceState)>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add((reader.GetGuid(0), SupplierInvoicesProjection.ReadState(reader.GetString(1))));
        }

        return list;
    }

    // Rows of the company whose state names the shipment anywhere (its links or lines); the caller looks at where.
    private async Task<List<(Guid Id, T State)>> StatesAsync<T>(string table, string key, Guid companyId, Guid shipmentId, Func<string, T> read, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT {key}, state FROM {table} WHERE company_id = $1 AND strpos(state::text, $2) > 0 ORDER BY {key}");
        select.Parameters.Add(new NpgsqlParameter { Value = companyId });
        select.Parameters.Add(new NpgsqlParameter { Value = shipmentId.ToString() });
        var list = new List<(Guid, T)>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add((reader.GetGuid(0), read(reader.GetString(1))));
        }

        return list;
    }
}
