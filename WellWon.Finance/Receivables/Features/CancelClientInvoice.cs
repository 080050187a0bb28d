using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Finance.Receivables.Features;

/// <summary>An admin cancels an invoice with a reason; an issued one keeps its number and its ledger entry is reversed.</summary>
public sealed record CancelClientInvoice(Guid UserId, Guid InvoiceId, Guid? CompanyId, string? Reason) : ICommand<ClientInvoiceView>, IRequireAuthenticatedUser;

public sealed class CancelClientInvoiceHandler(ReceivableWrites writes) : ICommandHandler<CancelClientInvoice, ClientInvoiceView>
{
    public async ValueTask<ClientInvoiceView> Handle(CancelClientInvoice command, CancellationToken cancellationToken) =>
        await writes.CancelAsync(command.UserId, command.InvoiceId, command.CompanyId, command.Reason, cancellationToken);
}
