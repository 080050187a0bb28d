using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Finance.Receivables.Features;

/// <summary>The JSON body of <c>POST /api/finance/receivables</c>: the invoice's id (the client's idempotency key), whom it bills, in what currency, when due, its lines.</summary>
public sealed record ClientInvoiceRequest(
    Guid? CompanyId, Guid? InvoiceId, InvoiceClient? Client, string? Currency, DateOnly? IssueDate, DateOnly? DueDate, IReadOnlyList<ClientInvoiceLineInput>? Lines);

/// <summary>An admin drafts an invoice to a client (no number yet); the same id again answers the same draft.</summary>
public sealed record DraftClientInvoice(Guid UserId, ClientInvoiceRequest Invoice) : ICommand<ClientInvoiceView>, IRequireAuthenticatedUser;

public sealed class DraftClientInvoiceHandler(ReceivableWrites writes) : ICommandHandler<DraftClientInvoice, ClientInvoiceView>
{
    public async ValueTask<ClientInvoiceView> Handle(DraftClientInvoice command, CancellationToken cancellationToken) =>
        (await writes.DraftAsync(command.UserId, command.Invoice, cancellationToken)).View;
}
