using FluentValidation;
using Mediator;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Receivables.Features;

/// <summary>The company's invoices to clients, newest first; participants only.</summary>
public sealed record ListClientInvoices(Guid UserId, Guid? CompanyId) : IQuery<IReadOnlyList<ClientInvoiceView>>, IRequireAuthenticatedUser;

/// <summary>One invoice to a client; participants of its company only (anyone else, or another company named, 404).</summary>
public sealed record GetClientInvoice(Guid UserId, Guid InvoiceId, Guid? CompanyId) : IQuery<ClientInvoiceView>, IRequireAuthenticatedUser;

public sealed class ListClientInvoicesValidator : AbstractValidator<ListClientInvoices>
{
    public ListClientInvoicesValidator() => RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose invoices to read (companyId).");
}

public sealed class ClientInvoiceQueriesHandler(ClientInvoiceReader reader, ICompanyAccess access)
    : IQueryHandler<ListClientInvoices, IReadOnlyList<ClientInvoiceView>>, IQueryHandler<GetClientInvoice, ClientInvoiceView>
{
    public async ValueTask<IReadOnlyList<ClientInvoiceView>> Handle(ListClientInvoices query, CancellationToken cancellationToken)
    {
        await access.RequireAsync(query.UserId, query.CompanyId!.Value, CompanyRole.Viewer, cancellationToken);
        return await reader.ListAsync(query.CompanyId.Value, cancellationToken);
    }

    public async ValueTask<ClientInvoiceView> Handle(GetClientInvoice query, CancellationToken cancellationToken)
    {
        var invoice = await reader.GetAsync(query.InvoiceId, cancellationToken);
        if (invoice is null || query.CompanyId is { } named && named != invoice.CompanyId || !await access.IsParticipantAsync(query.UserId, invoice.CompanyId, cancellationToken))
        {
            throw ClientInvoiceErrors.InvoiceNotFound(query.InvoiceId);
        }

        return invoice;
    }
}
