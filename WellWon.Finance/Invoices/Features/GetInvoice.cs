using Mediator;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Invoices.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Invoices.Features;

/// <summary>One invoice with its lines, match and approval; participants of its company only (others 404).</summary>
public sealed record GetInvoice(Guid UserId, Guid InvoiceId) : IQuery<InvoiceView>, IRequireAuthenticatedUser;

public sealed class GetInvoiceHandler(InvoiceReader reader, ICompanyAccess access) : IQueryHandler<GetInvoice, InvoiceView>
{
    public async ValueTask<InvoiceView> Handle(GetInvoice query, CancellationToken cancellationToken)
    {
        var invoice = await reader.GetAsync(query.InvoiceId, cancellationToken);
        return invoice is not null && await access.IsParticipantAsync(query.UserId, invoice.CompanyId, cancellationToken)
            ? invoice
            : throw InvoiceErrors.InvoiceNotFound(query.InvoiceId);
    }
}
