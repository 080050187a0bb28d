using WellWon.Finance.Invoices.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Tests.Invoices;

/// <summary>The three-way match line by line (each mismatch kind, tolerances at their boundary) and the invoice's life around it.</summary>
public sealed class ThreeWayMatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 21, 9, 0, 0, TimeSpan.Zero);

    // PO line 1: 1,000 bearings at 12.50 USD; line 2: 200 seals at 3.75 USD.
    private static IReadOnlyList<PoLineFacts> Po(decimal received1 = 1_000m, decimal received2 = 200m, decimal elsewhere1 = 0m) =>
        [new PoLineFacts(1, 1_000m, 12.50m, received1, elsewhere1), new PoLineFacts(2, 200m, 3.75m, received2, 0m)];

    private static InvoiceLine Line(int poLine, decimal quantity, decimal price) => new(poLine, quantity, price, Currencies.Round(quantity * price, "USD"));

    private static string[] Reasons(IReadOnlyList<InvoiceLine> lines, IReadOnlyList<PoLineFacts> po, MatchTolerances? t = null) =>
        [.. ThreeWayMatch.Match(lines, po, t ?? MatchTolerances.Default, "USD").SelectMany(m => m.Mismatches).Select(m => m.Reason)];

    [Fact]
    public void A_line_billing_what_arrived_at_the_po_price_matches() =>
        Assert.Empty(Reasons([Line(1, 1_000m, 12.50m), Line(2, 200m, 3.75m)], Po()));

    [Fact]
    public void Billing_more_than_was_received_is_over_invoiced_and_the_quantity_tolerance_is_inclusive()
    {
        Assert.Equal([MatchReasons.OverInvoiced], Reasons([Line(2, 101m, 3.75m)], Po(received2: 100m)));
        Assert.Equal([MatchReasons.OverInvoiced], Reasons([Line(2, 51m, 3.75m), Line(2, 50m, 3.75m)], Po(received2: 100m)).Distinct());
        var twoPercent = MatchTolerances.Default with { QuantityPercent = 2m };
        Assert.Empty(Reasons([Line(2, 102m, 3.75m)], Po(received2: 100m), twoPercent));
        Assert.Equal([MatchReasons.OverInvoiced], Reasons([Line(2, 102.000001m, 3.75m)], Po(received2: 100m), twoPercent));
    }

    [Fact]
    public void A_price_above_the_po_is_held_beyond_half_a_percent_by_default_and_a_lower_price_always_matches()
    {
        // 12.50 × 1.005 = 12.5625: the boundary itself matches.
        Assert.Empty(Reasons([Line(1, 1_000m, 12.5625m)], Po()));
        Assert.Equal([MatchReasons.PriceAbovePurchaseOrder], Reasons([Line(1, 1_000m, 12.5626m)], Po()));
        Assert.Empty(Reasons([Line(1, 1_000m, 11m)], Po()));
    }

    [Fact]
    public void The_absolute_cap_per_currency_holds_a_line_whose_excess_is_above_it_even_within_the_percentage()
    {
        var capped = new MatchTolerances(0m, 1m, [new CurrencyAmount("USD", 100m)]);
        // 1,000 × 0.10 = 100.00 excess: at the cap, matched; 1,000 × 0.11 = 110.00: held, though 0.88 % is within 1 %.
        Assert.Empty(Reasons([Line(1, 1_000m, 12.60m)], Po(), capped));
        Assert.Equal([MatchReasons.PriceAbovePurchaseOrder], Reasons([Line(1, 1_000m, 12.61m)], Po(), capped));
        Assert.Empty(Reasons([Line(1, 1_000m, 12.61m)], Po(), capped with { PriceAbsolute = [new CurrencyAmount("EUR", 100m)] }));
    }

    [Fact]
    public void A_line_not_on_the_po_and_a_line_billed_in_full_elsewhere_are_named()
    {
        Assert.Equal([MatchReasons.NotOnPurchaseOrder], Reasons([Line(3, 1m, 1m)], Po()));
        Assert.Equal([MatchReasons.AlreadyFullyInvoiced], Reasons([Line(1, 10m, 12.50m)], Po(elsewhere1: 1_000m)));
        Assert.Equal([MatchReasons.OverInvoiced], Reasons([Line(1, 10m, 12.50m)], Po(elsewhere1: 995m)));
    }

    [Fact]
    public void A_matched_invoice_is_approved_at_once_and_a_held_one_keeps_its_reasons()
    {
        var matched = Invoice([Line(1, 1_000m, 12.50m)], Po());
        Assert.Equal(InvoiceStatuses.Approved, matched.State.Status);
        Assert.True(matched.State.Approval!.Automatic);

        var held = Invoice([Line(2, 200m, 3.75m)], Po(received2: 100m));
        Assert.Equal(InvoiceStatuses.OnHold, held.State.Status);
        Assert.Equal(MatchReasons.OverInvoiced, Assert.Single(Assert.Single(held.State.Match).Mismatches).Reason);
    }

    [Fact]
    public void A_late_receipt_turns_a_held_invoice_approved_and_the_same_facts_again_record_nothing()
    {
        var held = Reloaded(Invoice([Line(2, 200m, 3.75m)], Po(received2: 100m)));
        Assert.False(held.Rematch(Po(received2: 100m), MatchTolerances.Default, Now));
        Assert.Empty(held.Changes);
        Assert.False(held.Rematch(Po(received2: 150m), MatchTolerances.Default, Now));
        Assert.Single(held.Changes);
        Assert.True(held.Rematch(Po(received2: 200m), MatchTolerances.Default, Now));
        Assert.Equal(InvoiceStatuses.Approved, held.State.Status);
        Assert.False(held.Rematch(Po(received2: 200m), MatchTolerances.Default, Now));
    }

    [Fact]
    public void A_difference_is_approved_with_a_comment_by_a_manager_within_the_limit_or_an_admin()
    {
        var held = Invoice([Line(1, 1_000m, 13m)], Po());
        var user = Guid.NewGuid();
        Assert.Equal(InvoiceErrors.CommentRequired, Assert.Throws<InvoiceRuleException>(() => held.ApproveDifference(new(user, CompanyRole.Admin, null, 1_170_000m, " "), Now)).Code);
        Assert.Throws<ForbiddenException>(() => held.ApproveDifference(new(user, CompanyRole.Member, null, 1_170_000m, "ok"), Now));
        var limit = Assert.Throws<InvoiceRuleException>(() => held.ApproveDifference(new(user, CompanyRole.Manager, 1_000_000m, 1_170_000m, "Price rise agreed"), Now));
        Assert.Equal((InvoiceErrors.ApprovalLimitExceeded, 403), (limit.Code, limit.Status));
        held.ApproveDifference(new(user, CompanyRole.Manager, 1_170_000m, 1_170_000m, "Price rise agreed by phone"), Now);
        Assert.Equal((InvoiceStatuses.Approved, "Price rise agreed by phone", "manager"), (held.State.Status, held.State.Approval!.Comment, held.State.Approval.ApproverRole));
    }

    [Fact]
    public void Amounts_are_quantity_times_price_in_minor_units_and_every_broken_rule_is_named()
    {
        var e = Assert.Throws<InvoiceDataException>(() => SupplierInvoice.Check(
            new InvoiceDraft(" ", default, "EUR", [new InvoiceLine(1, 3m, 0.3333m, 1.00m), new InvoiceLine(2, 0m, 1m, 0m)], [], -1m, null, null), "USD"));
        Assert.Equal(
            [("number", InvoiceErrors.NumberRequired), ("invoiceDate", InvoiceErrors.DateRequired), ("currency", InvoiceErrors.CurrencyMismatch),
             ("lines[1].quantity", InvoiceErrors.QuantityInvalid), ("vat", InvoiceErrors.VatInvalid)],
            e.Violations.Select(v => (v.Field, v.Code)));
        var amount = Assert.Throws<InvoiceDataException>(() => SupplierInvoice.Check(
            new InvoiceDraft("INV-1", new DateOnly(2026, 4, 20), "USD", [new InvoiceLine(1, 3m, 0.3333m, 0.99m)], [], 0m, null, null), "USD"));
        Assert.Equal(("lines[0].amount", InvoiceErrors.AmountMismatch), (amount.Violations[0].Field, amount.Violations[0].Code));
        var ok = SupplierInvoice.Check(new InvoiceDraft(" INV-1 ", new DateOnly(2026, 4, 20), "usd", [new InvoiceLine(1, 3m, 0.3333m, 1.00m)], [], 0.20m, 1.20m, null), "USD");
        Assert.Equal(("INV-1", "USD", 1.20m), (ok.Number, ok.Currency, ok.Total));
    }

    [Fact]
    public void A_suppliers_number_is_taken_once_and_a_duplicate_names_the_invoice_that_has_it()
    {
        var (company, supplier, first) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var claim = InvoiceNumberClaim.New(InvoiceNumberClaim.IdOf(company, supplier, "inv-7"));
        claim.Claim(company, supplier, "INV-7", first, Now);
        claim.Claim(company, supplier, "INV-7", first, Now);
        Assert.Single(claim.Changes);
        Assert.Equal(InvoiceNumberClaim.IdOf(company, supplier, " INV-7"), claim.Id);
        var duplicate = Assert.Throws<InvoiceRuleException>(() => claim.Claim(company, supplier, "INV-7", Guid.NewGuid(), Now));
        Assert.Equal((InvoiceErrors.Duplicate, 409, first), (duplicate.Code, duplicate.Status, duplicate.ExistingInvoiceId));
    }

    private static SupplierInvoice Invoice(IReadOnlyList<InvoiceLine> lines, IReadOnlyList<PoLineFacts> po) =>
        SupplierInvoice.ForPurchaseOrder(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "PO-2026-000001", Guid.NewGuid(), "Ningbo Bearing Co.",
            SupplierInvoice.Check(new InvoiceDraft("NB-1", new DateOnly(2026, 4, 20), "USD", lines, [], 0m, null, null), "USD"),
            new DateOnly(2026, 5, 20), po, MatchTolerances.Default, Guid.NewGuid(), Now);

    private static SupplierInvoice Reloaded(SupplierInvoice invoice)
    {
        var loaded = new SupplierInvoice();
        ((IAggregate)loaded).Restore(invoice.Id, invoice.CurrentVersion, invoice.State);
        return loaded;
    }
}
