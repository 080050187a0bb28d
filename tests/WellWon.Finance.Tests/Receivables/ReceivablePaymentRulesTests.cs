using WellWon.Finance.Receivables;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Finance.Tests.Receivables;

/// <summary>A client's payments against an invoice, without a database: partial then full, above what is open, a replayed receipt, the dates and states that refuse.</summary>
public sealed class ReceivablePaymentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly Guid By = Guid.NewGuid();

    // USD 1,000 net at 20 %: 1,200 to pay.
    private static ClientInvoice Issued()
    {
        var invoice = ClientInvoice.Draft(Guid.NewGuid(), Guid.NewGuid(), new InvoiceClient(null, "Sibirskaya Torgovaya LLC", null), "USD",
            new DateOnly(2026, 11, 20), new DateOnly(2026, 12, 20), [new ClientInvoiceLineInput("Freight forwarding", 1, 1_000m, 20, null)], By, Now.AddDays(-5));
        invoice.Issue("INV-2026-000001", new DateOnly(2026, 11, 20), By, Now.AddDays(-5));
        return invoice;
    }

    private static string[] FieldsOf(Action act) => [.. Assert.Throws<RequestValidationException>(act).Errors.Select(e => e.Field).Order(StringComparer.Ordinal)];

    [Fact]
    public void A_partial_payment_leaves_the_rest_open_and_the_last_one_makes_the_invoice_paid()
    {
        var invoice = Issued();
        Assert.Equal((ClientInvoiceStatuses.Issued, 1_200m), (invoice.State.Status, invoice.State.Open));

        Assert.True(invoice.ReceivePayment(Guid.NewGuid(), 500m, Today, "SWIFT MT103 4471", By, Now));
        Assert.Equal((ClientInvoiceStatuses.PartlyPaid, 500m, 700m), (invoice.State.Status, invoice.State.Paid, invoice.State.Open));

        Assert.True(invoice.ReceivePayment(Guid.NewGuid(), 700m, Today, null, By, Now));
        Assert.Equal((ClientInvoiceStatuses.Paid, 1_200m, 0m), (invoice.State.Status, invoice.State.Paid, invoice.State.Open));
        Assert.Equal([500m, 700m], invoice.State.Receipts.Select(r => r.Amount));
        Assert.Equal("SWIFT MT103 4471", invoice.State.Receipts[0].Reference);
    }

    [Fact]
    public void More_than_is_open_is_refused_with_the_open_amount_and_a_paid_invoice_takes_nothing_more()
    {
        var invoice = Issued();
        invoice.ReceivePayment(Guid.NewGuid(), 1_000m, Today, null, By, Now);

        var over = Assert.Throws<ReceiptExceedsOpenAmountException>(() => invoice.ReceivePayment(Guid.NewGuid(), 200.01m, Today, null, By, Now));
        Assert.Equal((ClientInvoiceErrors.ExceedsOpenAmount, 200m, "USD"), (over.Code, over.Open, over.Currency));
        Assert.Contains("200.00 USD open", over.Message, StringComparison.Ordinal);

        invoice.ReceivePayment(Guid.NewGuid(), 200m, Today, null, By, Now);
        Assert.Equal(0m, Assert.Throws<ReceiptExceedsOpenAmountException>(() => invoice.ReceivePayment(Guid.NewGuid(), 0.01m, Today, null, By, Now)).Open);
    }

    [Fact]
    public void The_same_receipt_again_is_answered_without_a_second_payment_and_its_id_with_other_data_is_refused()
    {
        var invoice = Issued();
        var receipt = Guid.NewGuid();
        Assert.True(invoice.ReceivePayment(receipt, 1_200m, Today, " MT103 ", By, Now));

        // A retry after a lost answer: the same data (amounts compared as numbers, the reference trimmed), even once the invoice is paid.
        Assert.False(invoice.ReceivePayment(receipt, 1_200.00m, Today, "MT103", By, Now.AddMinutes(1)));
        Assert.Single(invoice.State.Receipts);
        Assert.Single(invoice.Changes.OfType<ClientInvoicePaymentReceived>());

        Assert.Equal(ClientInvoiceErrors.ReceiptIdReused, Assert.Throws<ReceiptIdReusedException>(() => invoice.ReceivePayment(receipt, 1_000m, Today, "MT103", By, Now)).Code);
        Assert.Throws<ReceiptIdReusedException>(() => invoice.ReceivePayment(receipt, 1_200m, Today.AddDays(-1), "MT103", By, Now));
    }

    [Fact]
    public void Shapes_and_dates_name_their_fields()
    {
        var invoice = Issued();
        Assert.Equal(["amount", "receiptId", "receivedOn"], FieldsOf(() => invoice.ReceivePayment(Guid.Empty, 0m, null, null, By, Now)));
        Assert.Equal(["amount"], FieldsOf(() => invoice.ReceivePayment(Guid.NewGuid(), 10.001m, Today, null, By, Now)));
        Assert.Equal(["receivedOn"], FieldsOf(() => invoice.ReceivePayment(Guid.NewGuid(), 10m, new DateOnly(2026, 11, 19), null, By, Now)));
        Assert.Equal(["receivedOn"], FieldsOf(() => invoice.ReceivePayment(Guid.NewGuid(), 10m, Today.AddDays(2), null, By, Now)));
        Assert.Equal(["reference"], FieldsOf(() => invoice.ReceivePayment(Guid.NewGuid(), 10m, Today, new string('x', 141), By, Now)));
        // Tomorrow is accepted: the company's bank may already be there.
        Assert.True(invoice.ReceivePayment(Guid.NewGuid(), 10m, Today.AddDays(1), null, By, Now));
    }

    [Fact]
    public void A_draft_and_a_cancelled_invoice_take_no_payment_and_an_invoice_with_receipts_is_not_cancelled()
    {
        var draft = ClientInvoice.Draft(Guid.NewGuid(), Guid.NewGuid(), new InvoiceClient(null, "Client", null), "RUB", null, new DateOnly(2026, 12, 20),
            [new ClientInvoiceLineInput("Brokerage", 1, 100m, 0, null)], By, Now);
        Assert.Equal(ClientInvoiceErrors.NotIssued, Assert.Throws<DomainException>(() => draft.ReceivePayment(Guid.NewGuid(), 10m, Today, null, By, Now)).Code);

        var cancelled = Issued();
        cancelled.Cancel("Billed twice", By, Now);
        Assert.Equal(ClientInvoiceErrors.AlreadyCancelled, Assert.Throws<DomainException>(() => cancelled.ReceivePayment(Guid.NewGuid(), 10m, Today, null, By, Now)).Code);

        var partlyPaid = Issued();
        partlyPaid.ReceivePayment(Guid.NewGuid(), 100m, Today, null, By, Now);
        var refused = Assert.Throws<DomainException>(() => partlyPaid.Cancel("Wrong client", By, Now));
        Assert.Equal(ClientInvoiceErrors.HasReceipts, refused.Code);
        Assert.Equal(ClientInvoiceStatuses.PartlyPaid, partlyPaid.State.Status);
    }
}
