using FluentValidation;
using Mediator;
using WellWon.Companies.Domain;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Invoices.ReadModel;
using WellWon.Logistics.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Invoices.Features;

/// <summary>Who bills the service: a company on WellWon, or a forwarder, broker or warehouse known by name and country.</summary>
public sealed record ServiceSupplierInput(Guid? CompanyId, string? Name, string? Country);

/// <summary>A service line: what was done, its amount, and the company's shipment it is allocated to (if any).</summary>
public sealed record ServiceLineInput(string? Description, decimal Amount, Guid? ShipmentId);

/// <summary>
/// The JSON body of <c>POST /api/finance/invoices/services</c>: a forwarder's, broker's or warehouse's invoice entered by hand;
/// <see cref="InvoiceId"/> is the client's idempotency key (the same body again answers the same invoice).
/// </summary>
public sealed record ServiceInvoiceRequest(
    Guid CompanyId, Guid? InvoiceId, ServiceSupplierInput? Supplier, string? Number, DateOnly InvoiceDate, DateOnly DueDate, string? Currency,
    IReadOnlyList<ServiceLineInput>? Lines, decimal Vat = 0m, decimal? Total = null, Guid? SourceDocumentId = null);

/// <summary>The invoice and whether this request created it (false: the same request was answered before).</summary>
public sealed record ServiceInvoiceEntered(InvoiceView Invoice, bool Created);

/// <summary>A member enters a service invoice: approved as entered and posted (Dr 1420 import services, Dr VAT, Cr the supplier's payable).</summary>
public sealed record CreateServiceInvoice(Guid UserId, ServiceInvoiceRequest Invoice) : ICommand<ServiceInvoiceEntered>, IRequireAuthenticatedUser;

public sealed class CreateServiceInvoiceValidator : AbstractValidator<CreateServiceInvoice>
{
    public CreateServiceInvoiceValidator() => RuleFor(x => x.Invoice.CompanyId).NotEmpty().OverridePropertyName("companyId");
}

/// <summary>
/// Checks the caller in the company (outsiders 404, below member 403), the invoice's shape and its supplier (every broken rule at once,
/// each naming its field), that each allocated shipment is the company's own (from the shipment's stream: Logistics' creation fact names
/// its company; another company's or no shipment is the same 422 naming <c>lines[i].shipmentId</c>), claims the supplier's number,
/// stores the invoice approved and posts it. A request repeated with the same invoice id answers the invoice it made; the same id with
/// another invoice is 409.
/// </summary>
public sealed class CreateServiceInvoiceHandler(IAggregateStore store, IEventStore events, EventTypeRegistry registry, ICompanyAccess access, InvoiceWrites writes)
    : ICommandHandler<CreateServiceInvoice, ServiceInvoiceEntered>
{
    public async ValueTask<ServiceInvoiceEntered> Handle(CreateServiceInvoice command, CancellationToken cancellationToken)
    {
        var r = command.Invoice;
        await access.RequireAsync(command.UserId, r.CompanyId, CompanyRole.Member, cancellationToken);
        var (draft, supplierId, supplierName) = Check(r);
        var id = r.InvoiceId is { } given && given != Guid.Empty ? given : Guid.CreateVersion7();
        if (await store.TryLoadAsync<SupplierInvoice>(id, cancellationToken) is { Exists: true } existing)
        {
            return Repeated(id, existing, r.CompanyId, supplierId, draft);
        }

        for (var i = 0; i < draft.ServiceLines.Count; i++)
        {
            if (draft.ServiceLines[i].ShipmentId is { } shipmentId && !await IsCompanysShipmentAsync(shipmentId, r.CompanyId, cancellationToken))
            {
                throw InvoiceRuleException.Rule($"lines[{i}].shipmentId", InvoiceErrors.ShipmentNotFound, $"The company has no shipment {shipmentId}.");
            }
        }

        var now = writes.Now;
        var claimId = InvoiceNumberClaim.IdOf(r.CompanyId, supplierId, draft.Number);
        await ClaimAsync(claimId, c => c.Claim(r.CompanyId, supplierId, draft.Number, id, now), cancellationToken);
        var invoice = SupplierInvoice.ForServices(id, r.CompanyId, supplierId, supplierName, draft, r.DueDate, command.UserId, now);
        var changed = invoice.Changes.ToList();
        try
        {
            await store.SaveAsync(invoice, cancellationToken);
        }
        catch (WrongExpectedVersionException)
        {
            // The same id stored meanwhile (a retried request racing itself): answered as a repeat.
            var stored = await store.LoadAsync<SupplierInvoice>(id, cancellationToken);
            return Repeated(id, stored, r.CompanyId, supplierId, draft);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await ClaimAsync(claimId, c => c.Release(id, now), CancellationToken.None);
            throw;
        }

        await writes.AfterAsync(invoice, changed, cancellationToken);
        return new ServiceInvoiceEntered(InvoiceView.Of(id, invoice.State, invoice.OriginalVersion), Created: true);
    }

    // Shape first (400 naming every field), the supplier with it.
    private static (InvoiceDraft Draft, Guid SupplierId, string SupplierName) Check(ServiceInvoiceRequest r)
    {
        var errors = new List<InvoiceRuleException>();
        var s = r.Supplier;
        var name = s?.Name?.Trim();
        var country = s?.Country?.Trim().ToUpperInvariant();
        if (s?.CompanyId is not { } supplierCompany || supplierCompany == Guid.Empty)
        {
            if (string.IsNullOrEmpty(name) || name.Length > SupplierInvoice.MaxText)
            {
                errors.Add(new InvoiceRuleException("supplier.name", InvoiceErrors.SupplierRequired, $"Name the supplier (1 to {SupplierInvoice.MaxText} characters), or give its WellWon company."));
            }

            if (string.IsNullOrEmpty(country) || !CountryCodes.IsValid(country))
            {
                errors.Add(new InvoiceRuleException("supplier.country", InvoiceErrors.CountryInvalid, "The supplier's country is an ISO 3166 alpha-2 code."));
            }
        }

        if (r.DueDate == default || (r.InvoiceDate != default && r.DueDate < r.InvoiceDate))
        {
            errors.Add(new InvoiceRuleException("dueDate", InvoiceErrors.DueDateInvalid, "The due date is required, on or after the invoice's date."));
        }

        InvoiceDraft? draft = null;
        try
        {
            draft = SupplierInvoice.Check(new InvoiceDraft(
                r.Number ?? string.Empty, r.InvoiceDate, r.Currency ?? string.Empty, [],
                [.. (r.Lines ?? []).Select(l => new ServiceLine(l.ShipmentId, l.Description ?? string.Empty, l.Amount))], r.Vat, r.Total, r.SourceDocumentId), null);
        }
        catch (InvoiceDataException e)
        {
            errors.AddRange(e.Violations);
        }

        if (errors.Count > 0)
        {
            throw new InvoiceDataException(errors);
        }

        return s!.CompanyId is { } company && company != Guid.Empty
            ? (draft!, company, string.IsNullOrEmpty(name) ? company.ToString() : name)
            : (draft!, CreateSupplierInvoiceHandler.SupplierIdOf(r.CompanyId, name!, country), name!);
    }

    private static ServiceInvoiceEntered Repeated(Guid id, SupplierInvoice existing, Guid companyId, Guid supplierId, InvoiceDraft draft)
    {
        var s = existing.State;
        if (s.CompanyId != companyId)
        {
            // Another company's invoice id: as if it did not exist for this caller.
            throw InvoiceErrors.InvoiceNotFound(id);
        }

        var same = s.Kind == InvoiceKinds.Service && s.SupplierId == supplierId && s.Number == draft.Number && s.Currency == draft.Currency
            && s.InvoiceDate == draft.InvoiceDate && s.Total == draft.Total && s.ServiceLines.SequenceEqual(draft.ServiceLines);
        return same
            ? new ServiceInvoiceEntered(InvoiceView.Of(id, s, existing.OriginalVersion), Created: false)
            : throw new InvoiceRuleException("invoiceId", InvoiceErrors.IdReused, $"Invoice id {id} already names invoice {s.Number} of {s.SupplierName}.", 409, id);
    }

    // Logistics' first fact of a shipment names its company; a stream that starts otherwise (a number given back) is no shipment.
    private async Task<bool> IsCompanysShipmentAsync(Guid shipmentId, Guid companyId, CancellationToken ct)
    {
        await foreach (var first in events.ReadStreamAsync($"logistics-shipment-{shipmentId:N}", 0, ReadDirection.Forwards, 1, ct))
        {
            return registry.Deserialize(first.EventType, first.Data) is ShipmentCreated created && created.CompanyId == companyId;
        }

        return false;
    }

    private async Task ClaimAsync(Guid claimId, Action<InvoiceNumberClaim> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var claim = await store.TryLoadAsync<InvoiceNumberClaim>(claimId, ct) ?? InvoiceNumberClaim.New(claimId);
            change(claim);
            try
            {
                await store.SaveAsync(claim, ct);
                return;
            }
            catch (WrongExpectedVersionException) when (attempt < InvoiceWrites.Attempts)
            {
                // Another entry took or gave back the number meanwhile: decided again on the claim as it is now.
            }
        }
    }
}
