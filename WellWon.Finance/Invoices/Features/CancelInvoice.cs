using Mediator;
using WellWon.Finance.Invoices.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Invoices.Features;

/// <summary>An admin cancels an approved, unpaid invoice with a reason; its ledger entry is reversed (admins reverse entries).</summary>
public sealed record CancelInvoice(Guid UserId, Guid InvoiceId, string? Reason) : ICommand<InvoiceView>, IRequireAuthenticatedUser;

public sealed class CancelInvoiceHandler(InvoiceWrites writes) : ICommandHandler<CancelInvoice, InvoiceView>
{
    public async ValueTask<InvoiceView> Handle(CancelInvoice command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.InvoiceId, command.UserId, CompanyRole.Admin, (invoice, _, now, _) =>
        {
            invoice.Cancel(command.Reason, command.UserId, now);
            return Task.CompletedTask;
        }, cancellationToken);
}
