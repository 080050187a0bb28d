using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using static WellWon.Finance.Tests.Domain.LedgerFixture;

namespace WellWon.Finance.Tests.Domain;

public sealed class HoldAndConversionTests
{
    private static EntryDraft Hold(Guid id, decimal amount, TimeSpan? holdFor = null) =>
        new(id, "Payment to supplier", "invoice-77", [Dr("1310.USD", amount, "USD"), Cr("1010.USD", amount, "USD")], HoldFor: holdFor ?? TimeSpan.FromMinutes(30));

    [Fact]
    public void A_hold_counts_in_pending_and_available_balances_but_not_in_posted_ones()
    {
        var ledger = Funded(1_000m, "USD");
        ledger.Post([Hold(Guid.NewGuid(), 800m)], Now);

        var bank = ledger.Account("1010.USD");
        Assert.Equal((1_000m, 200m, 200m), (bank.Posted, bank.Pending, bank.Available));
        Assert.Equal((0m, 800m), (ledger.Account("1310.USD").Posted, ledger.Account("1310.USD").Pending));

        // The hold reserves the money: 300 more would overdraw the bank account once both were posted.
        var refused = Refused(() => ledger.Post([Entry(Dr("5510.USD", 300m, "USD"), Cr("1010.USD", 300m, "USD"))], Now));
        Assert.Equal((LedgerErrors.Overdraft, "1010.USD"), (refused.Code, refused.Account));
        Assert.Contains("200.00 USD is available", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hold_is_posted_in_full_once_and_a_retry_of_the_post_answers_the_same()
    {
        var ledger = Funded(1_000m, "USD");
        var id = Guid.NewGuid();
        ledger.Post([Hold(id, 800m)], Now);

        var posted = ledger.PostHeld(id, null, Now.AddMinutes(1));
        Assert.Equal((EntryStatus.Posted, false), (posted.Entry.Status, posted.Replayed));
        Assert.Equal((200m, 200m, 200m), (ledger.Account("1010.USD").Posted, ledger.Account("1010.USD").Pending, ledger.Account("1010.USD").Available));

        Assert.True(ledger.PostHeld(id, null, Now.AddMinutes(2)).Replayed);
        Assert.Equal(LedgerErrors.AlreadyPosted, Refused(() => ledger.PostHeld(id, 100m, Now)).Code);
        Assert.Equal(LedgerErrors.AlreadyPosted, Refused(() => ledger.VoidHeld(id, Now)).Code);
    }

    [Fact]
    public void A_hold_posted_for_less_releases_the_rest()
    {
        var ledger = Funded(1_000m, "USD");
        var id = Guid.NewGuid();
        ledger.Post([Hold(id, 800m)], Now);

        Assert.Equal(LedgerErrors.PostExceedsHold, Refused(() => ledger.PostHeld(id, 800.01m, Now)).Code);
        Assert.Equal(LedgerErrors.AmountPrecision, Refused(() => ledger.PostHeld(id, 10.005m, Now)).Code);
        var posted = ledger.PostHeld(id, 650m, Now.AddMinutes(1)).Entry;

        Assert.Equal([650m, 650m], posted.PostedLines!.Select(l => l.Amount));
        Assert.Equal([800m, 800m], posted.Lines.Select(l => l.Amount));
        var bank = ledger.Account("1010.USD");
        Assert.Equal((350m, 350m, 350m, 0m), (bank.Posted, bank.Pending, bank.Available, bank.PendingCredits));
    }

    [Fact]
    public void A_voided_hold_releases_everything_and_cannot_be_posted()
    {
        var ledger = Funded(1_000m, "USD");
        var id = Guid.NewGuid();
        ledger.Post([Hold(id, 800m)], Now);

        Assert.Equal(EntryStatus.Voided, ledger.VoidHeld(id, Now.AddMinutes(1)).Entry.Status);
        Assert.True(ledger.VoidHeld(id, Now.AddMinutes(2)).Replayed);
        Assert.Equal(LedgerErrors.AlreadyVoided, Refused(() => ledger.PostHeld(id, null, Now)).Code);
        Assert.Equal((1_000m, 1_000m, 0m), (ledger.Account("1010.USD").Available, ledger.Account("1010.USD").Pending, ledger.Account("1310.USD").Pending));
        Assert.Equal(LedgerErrors.NotReversible, Refused(() => ledger.Reverse(id, Guid.NewGuid(), null, Now)).Code);
    }

    [Fact]
    public void A_hold_expires_at_its_timeout_lazily_on_the_next_decision_or_by_the_job()
    {
        var ledger = Funded(1_000m, "USD");
        var lazy = Guid.NewGuid();
        ledger.Post([Hold(lazy, 800m, TimeSpan.FromMinutes(10))], Now);
        ledger = Reloaded(ledger);

        var saved = Reloaded(ledger);
        var refused = Refused(() => ledger.PostHeld(lazy, null, Now.AddMinutes(11)));
        Assert.Equal(LedgerErrors.Expired, refused.Code);

        // A refused command saves nothing; the next entry still sees the expired hold released, without any job having run.
        ledger = saved;
        ledger.Post([Entry(Dr("5510.USD", 900m, "USD"), Cr("1010.USD", 900m, "USD"))], Now.AddMinutes(11));
        var expired = ledger.Changes.OfType<HeldEntryVoided>().Single();
        Assert.Equal((lazy, true, Now.AddMinutes(10)), (expired.EntryId, expired.Expired, expired.VoidedAt));
        Assert.Equal(EntryStatus.Expired, ledger.State.Entries[lazy].Status);

        ledger = Reloaded(ledger);
        var byJob = Guid.NewGuid();
        ledger.Post([Hold(byJob, 50m, TimeSpan.FromMinutes(5))], Now.AddMinutes(12));
        Assert.Equal(0, ledger.ExpireDue(Now.AddMinutes(16)));
        Assert.Equal(1, ledger.ExpireDue(Now.AddMinutes(17)));
        Assert.Equal(100m, ledger.Account("1010.USD").Available);
        Assert.Empty(ledger.State.Holds);
    }

    [Fact]
    public void An_entry_posted_at_once_has_no_hold_to_post_or_void()
    {
        var ledger = Funded(1_000m, "USD");
        Assert.Equal(LedgerErrors.NotPending, Refused(() => ledger.VoidHeld(ledger.State.Entries.Keys.Single(), Now)).Code);
        Assert.Throws<WellWon.Platform.Kernel.NotFoundException>(() => ledger.PostHeld(Guid.NewGuid(), null, Now));
    }

    [Fact]
    public void A_conversion_is_two_linked_entries_through_the_fx_accounts_with_the_spread_on_a_line_of_its_own()
    {
        var ledger = Funded(100_000m);
        var conversion = Guid.NewGuid();
        // 1,075 USD bought for 100,000 RUB when the market said 91.50: at market it would have cost 98,362.50.
        var drafts = CurrencyConversion.Drafts(conversion, new Money(100_000m, "RUB"), new Money(1_075m, "USD"), 91.50m, null, null, null, null);
        var posted = ledger.Post(drafts, Now);

        Assert.Equal(2, posted.Entries.Count);
        Assert.All(posted.Entries, e => Assert.Single(e.Lines.Select(l => l.Currency).Distinct()));
        Assert.Equal((0m, 1_075m), (ledger.Account("1010.RUB").Posted, ledger.Account("1010.USD").Posted));
        Assert.Equal((98_362.50m, 1_637.50m), (ledger.Account("1910.RUB").Posted, ledger.Account("5510.RUB").Posted));
        Assert.Equal(-1_075m, ledger.Account("1910.USD").Posted);

        // A retry of the conversion posts nothing twice; more than the bank holds is refused as a whole.
        Assert.True(ledger.Post(CurrencyConversion.Drafts(conversion, new Money(100_000m, "RUB"), new Money(1_075m, "USD"), 91.50m, null, null, null, null), Now).Replayed);
        var refused = Refused(() => ledger.Post(CurrencyConversion.Drafts(Guid.NewGuid(), new Money(1m, "RUB"), new Money(0.01m, "USD"), 91.5m, null, null, null, null), Now));
        Assert.Equal((LedgerErrors.Overdraft, "1010.RUB"), (refused.Code, refused.Account));
    }
}
