using WellWon.Finance.PurchaseOrders.Domain;
using static WellWon.Finance.Tests.PurchaseOrders.PurchaseOrderFixture;

namespace WellWon.Finance.Tests.PurchaseOrders;

/// <summary>The shape of a purchase order: suppliers' bank details, lines, terms and the import contract, each rule naming its field.</summary>
public sealed class PurchaseOrderRulesTests
{
    [Theory]
    [InlineData("GB82WEST12345698765432")]
    [InlineData("DE89370400440532013000")]
    [InlineData("FR1420041010050500013M02606")]
    public void Ibans_that_pass_mod_97_are_valid(string iban) => Assert.True(PurchaseOrderRules.IsValidIban(iban));

    [Theory]
    [InlineData("GB82WEST12345698765433")] // one digit off
    [InlineData("GB28WEST12345698765432")] // check digits swapped
    [InlineData("XX82WEST12345698765432")] // no such country
    [InlineData("GB82")]
    public void Ibans_that_fail_are_invalid(string iban) => Assert.False(PurchaseOrderRules.IsValidIban(iban));

    [Theory]
    [InlineData("DEUTDEFF", true)]
    [InlineData("DEUTDEFF500", true)]
    [InlineData("BKCHCNBJ92A", true)]
    [InlineData("DEUTDEFF5", false)]
    [InlineData("DEUTXXFF", false)]
    [InlineData("DEU1DEFF", false)]
    public void Bics_have_8_or_11_characters_with_a_real_country(string bic, bool valid) => Assert.Equal(valid, PurchaseOrderRules.IsValidBic(bic));

    [Fact]
    public void Terms_are_normalised_and_lines_numbered_in_order()
    {
        var terms = Terms() with
        {
            Currency = " usd ",
            Incoterm = "fob",
            Supplier = new Supplier(null, "  Ningbo Bearing Co. ", "cn", null, new BankDetails(" ", "gb82 west 1234 5698 7654 32", "deutdeff", null)),
        };
        var normal = PurchaseOrder.Check(terms);
        Assert.Equal(("USD", "FOB", "CN", "Ningbo Bearing Co."), (normal.Currency, normal.Incoterm, normal.Supplier.Country, normal.Supplier.Name));
        Assert.Equal(new BankDetails(null, "GB82WEST12345698765432", "DEUTDEFF", null), normal.Supplier.Bank);
        Assert.Equal([1, 2], normal.Lines.Select(l => l.LineNo));
        Assert.Equal(13_250.00m, normal.Total);
    }

    [Fact]
    public void Every_broken_rule_is_reported_with_its_field()
    {
        var terms = Terms() with
        {
            Supplier = new Supplier(null, "Acme", "ZZ", null, new BankDetails(null, "GB82WEST12345698765433", "NOPE", null)),
            Lines = [new OrderLine(0, " ", null, "848210", 0m, "", 1m)],
            Incoterm = "FOB2010",
            IncotermPlace = " ",
            PaymentTerms = new PaymentTerms(120m, 10, "later", 30),
        };
        Assert.Equal(
            [
                ("supplier.country", PurchaseOrderErrors.CountryInvalid), ("supplier.bank.iban", PurchaseOrderErrors.IbanInvalid),
                ("supplier.bank.swift", PurchaseOrderErrors.BicInvalid), ("lines[0].description", PurchaseOrderErrors.DescriptionRequired),
                ("lines[0].hsCode", PurchaseOrderErrors.HsCodeInvalid), ("lines[0].quantity", PurchaseOrderErrors.QuantityInvalid),
                ("lines[0].unit", PurchaseOrderErrors.UnitRequired), ("incoterm", PurchaseOrderErrors.IncotermInvalid),
                ("incotermPlace", PurchaseOrderErrors.PlaceRequired), ("paymentTerms.prepaymentPercent", PurchaseOrderErrors.PaymentTermsInvalid),
                ("paymentTerms.balanceBasis", PurchaseOrderErrors.PaymentTermsInvalid),
            ],
            Broken(terms));
    }

    [Fact]
    public void A_supplier_is_a_wellwon_company_or_a_named_party_with_a_country()
    {
        Assert.Equal([("supplier.name", PurchaseOrderErrors.SupplierRequired)], Broken(Terms() with { Supplier = new Supplier(null, null, null, null, null) }));
        Assert.Equal([("supplier.country", PurchaseOrderErrors.CountryInvalid)], Broken(Terms() with { Supplier = new Supplier(null, "Acme", null, null, null) }));
        Assert.Null(PurchaseOrder.Check(Terms() with { Supplier = new Supplier(Guid.NewGuid(), null, null, null, null) }).Supplier.Name);
    }

    [Fact]
    public void One_currency_per_order_and_its_contract_and_the_total_within_the_contract()
    {
        Assert.Equal([("currency", PurchaseOrderErrors.CurrencyUnknown)], Broken(Terms() with { Currency = "XYZ", Contract = null }));
        Assert.Equal([("contract.currency", PurchaseOrderErrors.ContractCurrency)], Broken(Terms(Contract(currency: "EUR"))));
        Assert.Equal([("contract.amount", PurchaseOrderErrors.TotalExceedsContract)], Broken(Terms(Contract(amount: 13_249.99m))));
        Assert.Equal([("contract.bankRegistrationNumber", PurchaseOrderErrors.RegistrationNumberInvalid)], Broken(Terms(Contract(unk: "2603/1481"))));
        Assert.Equal(13_250m, PurchaseOrder.Check(Terms(Contract(amount: 13_250m))).Total);
    }

    [Fact]
    public void Payments_fall_due_from_confirmation_and_from_arrival_or_documents()
    {
        var terms = new PaymentTerms(30m, 10, BalanceBases.AfterArrival, 30);
        var confirmed = new DateOnly(2026, 3, 3);
        Assert.Equal(
            [new PaymentDue("prepayment", 3_975.00m, "confirmation", new DateOnly(2026, 3, 13)), new PaymentDue("balance", 9_275.00m, "after_arrival", null)],
            PaymentSchedule.For(terms, 13_250m, "USD", confirmed, new DateOnly(2026, 4, 1), null));
        Assert.Equal(new DateOnly(2026, 5, 20), PaymentSchedule.For(terms, 13_250m, "USD", confirmed, null, new DateOnly(2026, 4, 20))[1].DueDate);
        var againstDocuments = terms with { BalanceBasis = BalanceBases.AgainstDocuments, PrepaymentPercent = 0m };
        Assert.Equal([new PaymentDue("balance", 13_250m, "against_documents", new DateOnly(2026, 5, 1))],
            PaymentSchedule.For(againstDocuments, 13_250m, "USD", confirmed, new DateOnly(2026, 4, 1), null));
    }
}
