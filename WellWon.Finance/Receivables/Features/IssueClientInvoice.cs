using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Finance.Receivables.Features;

/// <summary>An admin issues a draft: it takes the next gap-free number of its company and year and is posted as a receivable; issuing again answers the same.</summary>
public sealed record IssueClientInvoice(Guid UserId, Guid InvoiceId, Guid? CompanyId) : ICommand<ClientInvoiceView>, IRequireAuthenticatedUser;

public sealed class IssueClientInvoiceHandler(ReceivableWrites writes) : ICommandHandler<IssueClientInvoice, ClientInvoiceView>
{
    public async ValueTask<ClientInvoiceView> Handle(IssueClientInvoice command, CancellationToken cancellationToken) =>
        await writes.IssueAsync(command.UserId, command.InvoiceId, command.CompanyId, cancellationToken);
}
