using Microsoft.Extensions.Options;
using WellWon.Finance.Invoices;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Invoices.ReadModel;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Payments.Domain;
using WellWon.Finance.Payments.ReadModel;
using WellWon.Finance.PurchaseOrders;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Payments.Features;

/// <summary>The same order id was sent with another body: 409 <c>finance.payment.id-reused</c>.</summary>
public sealed class PaymentIdReusedException(Guid id)
    : Exception($"Payment order {id} was entered before with other data; choose a new id for a new payment.");

/// <summary>An order entered (<see cref="Created"/>) or answered again for the same request.</summary>
public sealed record PaymentOrderOutcome(PaymentOrderView View, bool Created);

/// <summary>
/// Entering and cancelling payment orders, for a company's admins and owner. Entering checks the shape, then what is paid: an
/// approved supplier invoice (in its currency, at most its payable: the total less the prepayment it set off and other live orders), a purchase order's prepayment (likewise
/// against its total) or a customs payable (roubles only); a foreign-currency payment to a supplier worth the currency-control
/// threshold or more at the official rate needs the contract's registration number. The order's id is the idempotency key: the same
/// body again answers the order as it is, another body is refused. The saga starts from the order's first event.
/// </summary>
public sealed class PaymentWrites(
    IAggregateStore store,
    ICompanyAccess access,
    RequestContext context,
    PaymentNumbers numbers,
    PaymentOrderReader payments,
    InvoiceReader invoices,
    PurchaseOrderReader purchaseOrders,
    IOfficialRates officialRates,
    IOptions<PaymentOptions> options,
    TimeProvider clock)
{
    public async Task<PaymentOrderOutcome> CreateAsync(Guid userId, PaymentOrderRequest request, CancellationToken ct)
    {
        var order = PaymentRules.Validate(request);
        await access.RequireAsync(userId, order.CompanyId, CompanyRole.Admin, ct);
        context.TenantId = order.CompanyId;
        var fingerprint = order.Fingerprint();
        if (await ExistingAsync(order, fingerprint, ct) is { } existing)
        {
            return existing;
        }

        var (label, supplierId) = await PurposeAsync(order, ct);
        await RequireRegistrationAsync(order, ct);
        var now = clock.GetUtcNow();
        var number = await numbers.TakeAsync(order.CompanyId, now.Year, order.PaymentOrderId, ct);
        var created = PaymentOrder.Create(new PaymentOrderCreated(
            order.PaymentOrderId, order.CompanyId, PaymentRules.Format(now.Year, number), order.PurposeKind, order.PurposeId, label, supplierId,
            order.Beneficiary, order.Amount, order.Currency, order.PurposeText, order.ContractRegistrationNumber, fingerprint, userId, now));
        try
        {
            await store.SaveAsync(created, ct);
        }
        catch (WrongExpectedVersionException)
        {
            // The same id entered at the same moment: answer that order, or refuse if it says something else.
            return await ExistingAsync(order, fingerprint, ct) ?? throw new PaymentIdReusedException(order.PaymentOrderId);
        }

        return new PaymentOrderOutcome(PaymentOrderView.Of(created.Id, created.State), Created: true);
    }

    public async Task<PaymentOrderView> CancelAsync(Guid userId, Guid id, Guid companyId, CancellationToken ct)
    {
        await access.RequireAsync(userId, companyId, CompanyRole.Admin, ct);
        context.TenantId = companyId;
        for (var attempt = 1; ; attempt++)
        {
            var order = await store.TryLoadAsync<PaymentOrder>(id, ct);
            if (order is not { State.Exists: true } || order.State.CompanyId != companyId)
            {
                throw NotFound(id);
            }

            order.Cancel(userId, clock.GetUtcNow());
            try
            {
                await store.SaveAsync(order, ct);
                return PaymentOrderView.Of(id, order.State);
            }
            catch (WrongExpectedVersionException) when (attempt < 5)
            {
                // The saga recorded a step meanwhile: decide again (it may now be too late).
            }
        }
    }

    public static NotFoundException NotFound(Guid id) => new(PaymentErrors.NotFound, $"Payment order {id} does not exist.");

    private async Task<PaymentOrderOutcome?> ExistingAsync(ValidPaymentOrder order, string fingerprint, CancellationToken ct)
    {
        var existing = await store.TryLoadAsync<PaymentOrder>(order.PaymentOrderId, ct);
        if (existing is not { State.Exists: true })
        {
            return null;
        }

        return existing.State.CompanyId == order.CompanyId && existing.State.Fingerprint == fingerprint
            ? new PaymentOrderOutcome(PaymentOrderView.Of(existing.Id, existing.State), Created: false)
            : throw new PaymentIdReusedException(order.PaymentOrderId);
    }

    private async Task<(string Label, Guid? SupplierId)> PurposeAsync(ValidPaymentOrder order, CancellationToken ct)
    {
        switch (order.PurposeKind)
        {
            case PaymentPurposes.SupplierInvoice:
            {
                var invoice = await invoices.GetAsync(order.PurposeId, ct);
                if (invoice is null || invoice.CompanyId != order.CompanyId)
                {
                    throw Refused(PaymentErrors.PurposeNotFound, $"The company has no supplier invoice {order.PurposeId}.");
                }

                if (invoice.Status != InvoiceStatuses.Approved)
                {
                    throw Refused(PaymentErrors.PurposeNotPayable, $"Invoice {invoice.Number} is {invoice.Status}: only an approved invoice is paid.");
                }

                // The prepayment the invoice's entry set off is paid already: only the payable is left to pay.
                var ledger = await store.TryLoadAsync<CompanyLedger>(invoice.CompanyId, ct);
                var setOff = ledger is null ? 0m : InvoicePosting.SetOffIn(ledger.State, invoice.Id, invoice.Currency);
                await RequireOpenAsync(order, invoice.Currency, invoice.Total - setOff, $"invoice {invoice.Number}", ct);
                return ($"Invoice {invoice.Number} of {invoice.SupplierName}", invoice.SupplierId);
            }

            case PaymentPurposes.Prepayment:
            {
                var po = await purchaseOrders.GetAsync(order.PurposeId, ct);
                if (po is null || po.CompanyId != order.CompanyId)
                {
                    throw Refused(PaymentErrors.PurposeNotFound, $"The company has no purchase order {order.PurposeId}.");
                }

                if (po.Status is PurchaseOrderStatuses.Draft or PurchaseOrderStatuses.Cancelled or PurchaseOrderStatuses.Closed)
                {
                    throw Refused(PaymentErrors.PurposeNotPayable, $"Purchase order {po.Number} is {po.Status}: a prepayment is made on an approved order.");
                }

                await RequireOpenAsync(order, po.Currency, po.Total, $"purchase order {po.Number}", ct);
                return ($"{po.Number} prepayment to {po.Supplier.Name}", null);
            }

            default:
                if (order.Currency != Currencies.Rub)
                {
                    throw Refused(PaymentErrors.CustomsInRoubles, "Customs duties, VAT and fees are paid in roubles from the company's rouble account.");
                }

                return ($"Customs payable {order.PurposeId:D}", null);
        }
    }

    private async Task RequireOpenAsync(ValidPaymentOrder order, string currency, decimal total, string what, CancellationToken ct)
    {
        if (currency != order.Currency)
        {
            throw Refused(PaymentErrors.CurrencyMismatch, $"{char.ToUpperInvariant(what[0])}{what[1..]} is in {currency}; pay it in {currency}.");
        }

        var open = total - await payments.CommittedAsync(order.PurposeId, order.PaymentOrderId, ct);
        if (order.Amount > open)
        {
            throw Refused(PaymentErrors.ExceedsOpenAmount,
                $"{Currencies.Format(order.Amount, currency)} {currency} is more than the {Currencies.Format(Math.Max(0, open), currency)} {currency} left open on {what}.");
        }
    }

    private async Task RequireRegistrationAsync(ValidPaymentOrder order, CancellationToken ct)
    {
        if (order.Currency == Currencies.Rub || order.PurposeKind == PaymentPurposes.CustomsPayable || order.ContractRegistrationNumber is not null)
        {
            return;
        }

        var threshold = options.Value.ContractRegistrationThresholdRub;
        var rate = await officialRates.RubPerUnitAsync(order.Currency, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        if (rate is null)
        {
            throw Refused(PaymentErrors.RegistrationRequired,
                $"There is no official {order.Currency} rate to tell whether this payment is below {threshold:N0} RUB: give the contract's registration number (УНК).");
        }

        var rub = Currencies.Round(order.Amount * rate.RubPerUnit, Currencies.Rub);
        if (rub >= threshold)
        {
            throw Refused(PaymentErrors.RegistrationRequired,
                $"This payment is worth {rub:N2} RUB at the official rate, at or above the currency-control threshold of {threshold:N0} RUB: give the contract's registration number (УНК).");
        }
    }

    private static DomainException Refused(string code, string message) => new(code, message);
}
