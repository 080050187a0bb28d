using FluentValidation;
using Mediator;
using WellWon.Finance.Invoices.Domain;
using WellWon.Finance.Invoices.ReadModel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Invoices.Features;

/// <summary>A company's invoices, newest first, narrowed by status, supplier (id or text in the name) and purchase order; participants only.</summary>
public sealed record ListInvoices(Guid UserId, Guid? CompanyId, InvoiceFilter Filter) : IQuery<InvoicePage>, IRequireAuthenticatedUser;

public sealed class ListInvoicesValidator : AbstractValidator<ListInvoices>
{
    public ListInvoicesValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company whose invoices to list (companyId).");
        RuleFor(x => x.Filter.Status).Must(s => s is null || InvoiceStatuses.All.Contains(s))
            .WithMessage($"'status' is one of: {string.Join(", ", InvoiceStatuses.All.Order(StringComparer.Ordinal))}.").OverridePropertyName("status");
        RuleFor(x => x.Filter.Limit).InclusiveBetween(1, 200).OverridePropertyName("limit");
        RuleFor(x => x.Filter.Offset).GreaterThanOrEqualTo(0).OverridePropertyName("offset");
    }
}

public sealed class ListInvoicesHandler(InvoiceReader reader, ICompanyAccess access) : IQueryHandler<ListInvoices, InvoicePage>
{
    public async ValueTask<InvoicePage> Handle(ListInvoices query, CancellationToken cancellationToken)
    {
        await access.RequireAsync(query.UserId, query.CompanyId!.Value, CompanyRole.Viewer, cancellationToken);
        return await reader.ListAsync(query.CompanyId.Value, query.Filter, cancellationToken);
    }
}
