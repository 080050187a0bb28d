using WellWon.Finance.PurchaseOrders.Domain;

namespace WellWon.Finance.PurchaseOrders.Features;

public sealed record BankDetailsInput(string? Account = null, string? Iban = null, string? Swift = null, string? BankName = null);

/// <summary>A WellWon company by <see cref="CompanyId"/>, or a party outside WellWon by name, country and address.</summary>
public sealed record SupplierInput(Guid? CompanyId = null, string? Name = null, string? Country = null, string? Address = null, BankDetailsInput? Bank = null);

public sealed record OrderLineInput(string? Description, decimal Quantity, string? Unit, decimal UnitPrice, string? Sku = null, string? HsCode = null);

/// <param name="BalanceBasis"><c>against_documents</c> or <c>after_arrival</c>.</param>
public sealed record PaymentTermsInput(decimal PrepaymentPercent = 0, int PrepaymentDays = 0, string? BalanceBasis = BalanceBases.AgainstDocuments, int BalanceDays = 0);

/// <param name="BankRegistrationNumber">The bank's unique contract number (УНК), <c>NNNNNNNN/NNNN/NNNN/N/N</c>.</param>
public sealed record ImportContractInput(string? Number, DateOnly Date, string? Currency, decimal Amount, string? BankRegistrationNumber = null);

/// <summary>The JSON body of <c>POST /api/finance/purchase-orders</c> and <c>PUT /api/finance/purchase-orders/{id}</c>.</summary>
public sealed record PurchaseOrderRequest(
    Guid CompanyId,
    SupplierInput? Supplier,
    string? Currency,
    IReadOnlyList<OrderLineInput>? Lines,
    string? Incoterm,
    string? IncotermPlace,
    PaymentTermsInput? PaymentTerms = null,
    ImportContractInput? Contract = null,
    DateOnly? ExpectedDelivery = null)
{
    public PurchaseOrderTerms ToTerms()
    {
        var s = Supplier ?? new SupplierInput();
        var p = PaymentTerms ?? new PaymentTermsInput();
        return new PurchaseOrderTerms(
            new Supplier(s.CompanyId, s.Name, s.Country, s.Address, s.Bank is { } b ? new BankDetails(b.Account, b.Iban, b.Swift, b.BankName) : null),
            Currency ?? string.Empty,
            [.. (Lines ?? []).Select(l => new OrderLine(0, l.Description ?? string.Empty, l.Sku, l.HsCode, l.Quantity, l.Unit ?? string.Empty, l.UnitPrice))],
            Incoterm ?? string.Empty,
            IncotermPlace ?? string.Empty,
            new PaymentTerms(p.PrepaymentPercent, p.PrepaymentDays, p.BalanceBasis ?? string.Empty, p.BalanceDays),
            Contract is { } c ? new ImportContract(c.Number ?? string.Empty, c.Date, c.Currency ?? string.Empty, c.Amount, c.BankRegistrationNumber) : null,
            ExpectedDelivery);
    }
}
