using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Finance.Receivables.Features;

/// <summary>The JSON body of <c>POST /api/finance/receivables/{id}/payments</c>: the receipt's id (the client's idempotency key), how much, when credited, the bank's reference.</summary>
public sealed record ClientReceiptRequest(Guid? CompanyId, Guid? ReceiptId, decimal? Amount, DateOnly? ReceivedOn, string? Reference);

/// <summary>The invoice after a receipt: <see cref="Created"/> when it was recorded now, false when it was recorded before with the same data.</summary>
public sealed record ClientReceiptOutcome(ClientInvoiceView View, bool Created);

/// <summary>An admin records a payment the client made against an issued invoice, in the invoice's currency; it is posted to the bank against the receivable.</summary>
public sealed record RecordClientReceipt(Guid UserId, Guid InvoiceId, ClientReceiptRequest Receipt) : ICommand<ClientReceiptOutcome>, IRequireAuthenticatedUser;

public sealed class RecordClientReceiptHandler(ReceivableWrites writes) : ICommandHandler<RecordClientReceipt, ClientReceiptOutcome>
{
    public async ValueTask<ClientReceiptOutcome> Handle(RecordClientReceipt command, CancellationToken cancellationToken)
    {
        var (view, created) = await writes.ReceiveAsync(command.UserId, command.InvoiceId, command.Receipt, cancellationToken);
        return new ClientReceiptOutcome(view, created);
    }
}
