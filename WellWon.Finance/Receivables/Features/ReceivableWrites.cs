using Microsoft.Extensions.Logging;
using WellWon.Finance.Numbering;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Receivables.Features;

/// <summary>
/// How commands on invoices to clients write: the caller must be an admin (or the owner) of the invoice's company (outsiders are
/// told the invoice does not exist, weaker roles 403), the company becomes the events' tenant, the aggregate decides and the append
/// is retried on a lost race. Issuing takes the next gap-free number of the company and year before the append and confirms it
/// after; a number whose issue did not reach the stream goes back. The ledger entry is posted here for the user to see at once,
/// and again (idempotently) by the receivables' ledger saga, so a post that failed here heals.
/// </summary>
public sealed partial class ReceivableWrites(
    IAggregateStore store, ICompanyAccess access, RequestContext context, TimeProvider clock, GapFreeNumbers numbers, ReceivablePosting posting,
    ILogger<ReceivableWrites> logger)
{
    public const string Series = "INV";
    public const int Attempts = 10;

    public async Task<(ClientInvoiceView View, bool Created)> DraftAsync(Guid userId, ClientInvoiceRequest r, CancellationToken ct)
    {
        var companyId = r.CompanyId ?? throw RequestValidationException.For("companyId", "required", "Name the company that invoices (companyId).");
        await access.RequireAsync(userId, companyId, CompanyRole.Admin, ct);
        context.TenantId = companyId;
        var invoice = ClientInvoice.Draft(r.InvoiceId ?? Guid.Empty, companyId, r.Client, r.Currency, r.IssueDate, r.DueDate, r.Lines, userId, clock.GetUtcNow());
        if (await store.TryLoadAsync<ClientInvoice>(invoice.Id, ct) is { Exists: true } existing)
        {
            // The same id again (a retried request) answers the invoice it made; another company's id is not told apart from a new one.
            return existing.State.CompanyId == companyId ? (ClientInvoiceView.Of(existing.Id, existing.State, existing.OriginalVersion), false) : throw ClientInvoiceErrors.InvoiceNotFound(existing.Id);
        }

        await store.SaveAsync(invoice, ct);
        return (ClientInvoiceView.Of(invoice.Id, invoice.State, invoice.OriginalVersion), true);
    }

    public async Task<ClientInvoiceView> IssueAsync(Guid userId, Guid invoiceId, Guid? companyId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var invoice = await LoadAsync(userId, invoiceId, companyId, ct);
            if (invoice.State.Status is ClientInvoiceStatuses.Issued or ClientInvoiceStatuses.PartlyPaid or ClientInvoiceStatuses.Paid)
            {
                return ClientInvoiceView.Of(invoice.Id, invoice.State, invoice.OriginalVersion);
            }

            var now = clock.GetUtcNow();
            var issueDate = invoice.State.IssueDate ?? DateOnly.FromDateTime(now.UtcDateTime);
            invoice.RequireDraft(); // before a number is taken, so a refused issue takes none
            var number = await numbers.ReserveAsync(Series, invoice.State.CompanyId, issueDate.Year, invoice.Id, AbandonAsync, ct);
            try
            {
                invoice.Issue(GapFreeNumbers.Format(Series, issueDate.Year, number), issueDate, userId, now);
                await store.SaveAsync(invoice, ct);
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
                // Another writer changed the invoice; decide again on its new state (the reservation is kept for this invoice).
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), ct);
                continue;
            }
            catch
            {
                await numbers.GiveBackAsync(Series, invoice.Id, AbandonAsync, CancellationToken.None);
                throw;
            }

            await numbers.ConfirmAsync(Series, invoice.Id, ct);
            await SettleAsync(() => posting.PostAsync(invoice.Id, invoice.State, ct), invoice.Id);
            return ClientInvoiceView.Of(invoice.Id, invoice.State, invoice.OriginalVersion);
        }
    }

    public async Task<ClientInvoiceView> CancelAsync(Guid userId, Guid invoiceId, Guid? companyId, string? reason, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var invoice = await LoadAsync(userId, invoiceId, companyId, ct);
            var wasIssued = invoice.State.Number is not null;
            invoice.Cancel(reason, userId, clock.GetUtcNow());
            try
            {
                await store.SaveAsync(invoice, ct);
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
                continue;
            }

            if (wasIssued)
            {
                await SettleAsync(() => posting.ReverseAsync(invoice.Id, invoice.State, ct), invoice.Id);
            }

            return ClientInvoiceView.Of(invoice.Id, invoice.State, invoice.OriginalVersion);
        }
    }

    /// <summary>
    /// Records a client's payment against an issued invoice and posts it (bank against the receivable); the same receipt again
    /// answers the invoice as it is (<c>Created</c> false) and posts again, idempotently, in case the first post did not land.
    /// </summary>
    public async Task<(ClientInvoiceView View, bool Created)> ReceiveAsync(Guid userId, Guid invoiceId, ClientReceiptRequest r, CancellationToken ct)
    {
        var companyId = r.CompanyId ?? throw RequestValidationException.For("companyId", "required", "Name the company that was paid (companyId).");
        for (var attempt = 1; ; attempt++)
        {
            var invoice = await LoadAsync(userId, invoiceId, companyId, ct);
            var created = invoice.ReceivePayment(r.ReceiptId ?? Guid.Empty, r.Amount, r.ReceivedOn, r.Reference, userId, clock.GetUtcNow());
            if (created)
            {
                try
                {
                    await store.SaveAsync(invoice, ct);
                }
                catch (WrongExpectedVersionException) when (attempt < Attempts)
                {
                    // Another payment or a cancellation landed first: decide again on what is open now.
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), ct);
                    continue;
                }
            }

            var receipt = invoice.State.Receipts.Find(x => x.ReceiptId == r.ReceiptId)!;
            await SettleAsync(() => posting.PostReceiptAsync(invoice.Id, invoice.State, receipt, ct), invoice.Id);
            return (ClientInvoiceView.Of(invoice.Id, invoice.State, invoice.OriginalVersion), created);
        }
    }

    /// <summary>
    /// Settles a reservation of this invoice's issue: used when the stream holds the issue with that number, else fenced off by an
    /// event appended at the version read (an issue still under way then loses its race) and freed.
    /// </summary>
    private async Task<bool> AbandonAsync(Guid ownerId, Guid companyId, string series, int year, int number, CancellationToken ct)
    {
        var formatted = GapFreeNumbers.Format(series, year, number);
        while (true)
        {
            var invoice = await store.TryLoadAsync<ClientInvoice>(ownerId, ct);
            if (invoice is not { Exists: true })
            {
                return true;
            }

            if (invoice.State.Number == formatted)
            {
                return false;
            }

            invoice.ReleaseNumber(formatted, clock.GetUtcNow());
            try
            {
                await store.SaveAsync(invoice, ct);
                return true;
            }
            catch (WrongExpectedVersionException)
            {
                // Written meanwhile: look again whether that was the issue with this number.
            }
        }
    }

    private async Task<ClientInvoice> LoadAsync(Guid userId, Guid invoiceId, Guid? companyId, CancellationToken ct)
    {
        var invoice = await store.TryLoadAsync<ClientInvoice>(invoiceId, ct);
        if (invoice is not { Exists: true } || companyId is { } named && named != invoice.State.CompanyId)
        {
            throw ClientInvoiceErrors.InvoiceNotFound(invoiceId);
        }

        var role = await access.RoleOfAsync(userId, invoice.State.CompanyId, ct) ?? throw ClientInvoiceErrors.InvoiceNotFound(invoiceId);
        if (role < CompanyRole.Admin)
        {
            throw CompanyAccessExtensions.RoleTooWeak(CompanyRole.Admin);
        }

        context.TenantId = invoice.State.CompanyId;
        return invoice;
    }

    // The invoice is saved: a ledger that refuses now is healed by the saga, so the user is not told the issue failed.
    private async Task SettleAsync(Func<Task> post, Guid invoiceId)
    {
        try
        {
            await post();
        }
        catch (Exception e) when (e is DomainException or WrongExpectedVersionException)
        {
            LogPostingDeferred(logger, invoiceId, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoice {InvoiceId} is saved; its ledger entry is left to the receivables saga.")]
    private static partial void LogPostingDeferred(ILogger logger, Guid invoiceId, Exception e);
}
