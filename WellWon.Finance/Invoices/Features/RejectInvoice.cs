using Mediator;
using WellWon.Finance.Invoices.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Invoices.Features;

public sealed record InvoiceReasonRequest(string? Reason);

/// <summary>A manager or above rejects an invoice not yet approved, with a reason; nothing is posted and its PO lines are billable again.</summary>
public sealed record RejectInvoice(Guid UserId, Guid InvoiceId, string? Reason) : ICommand<InvoiceView>, IRequireAuthenticatedUser;

public sealed class RejectInvoiceHandler(InvoiceWrites writes) : ICommandHandler<RejectInvoice, InvoiceView>
{
    public async ValueTask<InvoiceView> Handle(RejectInvoice command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.InvoiceId, command.UserId, CompanyRole.Manager, (invoice, _, now, _) =>
        {
            invoice.Reject(command.Reason, command.UserId, now);
            return Task.CompletedTask;
        }, cancellationToken);
}
