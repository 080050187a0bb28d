using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using static WellWon.Finance.Tests.Domain.LedgerFixture;

namespace WellWon.Finance.Tests.Domain;

public sealed class BalanceRulesTests
{
    [Fact]
    public void A_new_ledger_has_the_importers_chart_with_bank_accounts_that_may_not_go_negative()
    {
        var ledger = CompanyLedger.Open(Company, Now);

        foreach (var currency in new[] { "RUB", "USD", "EUR", "CNY" })
        {
            var bank = ledger.Account($"1010.{currency}");
            Assert.Equal((AccountType.Asset, currency, true), (bank.Type, bank.Currency, bank.CreditsMustNotExceedDebits));
            Assert.Equal(AccountType.Asset, ledger.Account($"1910.{currency}").Type);
            Assert.Equal(AccountType.Equity, ledger.Account($"3010.{currency}").Type);
            Assert.Equal(AccountType.Expense, ledger.Account($"5510.{currency}").Type);
            Assert.Equal(AccountType.Asset, ledger.Account($"1310.{currency}").Type);
        }

        foreach (var (code, type) in new[] { ("1210", AccountType.Asset), ("1410", AccountType.Asset), ("1510", AccountType.Asset), ("1610", AccountType.Asset),
                     ("2210", AccountType.Liability), ("4410", AccountType.Income), ("5110", AccountType.Expense), ("5410", AccountType.Expense) })
        {
            Assert.Equal((type, "RUB"), (ledger.Account(code).Type, ledger.Account(code).Currency));
        }

        // Ids come from company and code: the same on every replay, different for another company.
        Assert.Equal(ChartOfAccounts.AccountId(Company, "1010.USD"), ledger.Account("1010.USD").Id);
        Assert.NotEqual(ChartOfAccounts.AccountId(Guid.NewGuid(), "1010.USD"), ledger.Account("1010.USD").Id);
    }

    [Fact]
    public void A_balanced_entry_moves_the_posted_balances_on_each_accounts_normal_side()
    {
        var ledger = Funded(1_000_000m);
        ledger.Post([Entry(Dr("5110", 120_000.50m), Dr("1610", 20_000m), Cr("2210", 140_000.50m))], Now);

        Assert.Equal(1_000_000m, ledger.Account("1010.RUB").Posted);
        Assert.Equal(1_000_000m, ledger.Account("3010.RUB").Posted);
        Assert.Equal(120_000.50m, ledger.Account("5110").Posted);
        Assert.Equal(140_000.50m, ledger.Account("2210").Posted);
    }

    [Fact]
    public void An_entry_whose_debits_and_credits_differ_is_refused_naming_the_currency_and_nothing_is_recorded()
    {
        var ledger = Funded(1_000m);
        var refused = Refused(() => ledger.Post([Entry(Dr("5110", 100m), Cr("2210", 99.99m))], Now));

        Assert.Equal((LedgerErrors.Unbalanced, "entries[0].lines", 422), (refused.Code, refused.Field, refused.Status));
        Assert.Contains("in RUB debits exceed credits by 0.01", refused.Message, StringComparison.Ordinal);
        Assert.Empty(ledger.Changes);
    }

    [Fact]
    public void A_cross_currency_entry_is_refused_even_when_the_amounts_are_worth_the_same()
    {
        var ledger = Funded(10_000m, "USD");
        // 100 USD for 9,150 RUB is a fair trade, but one entry balances in each currency on its own.
        var refused = Refused(() => ledger.Post([Entry(Cr("1010.USD", 100m, "USD"), Dr("1010.RUB", 9_150m))], Now));

        Assert.Equal(LedgerErrors.Unbalanced, refused.Code);
        Assert.Contains("in USD credits exceed debits by 100.00", refused.Message, StringComparison.Ordinal);
        Assert.Contains("in RUB debits exceed credits by 9150.00", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_carries_its_accounts_currency_with_that_currencys_minor_units()
    {
        var ledger = Funded(1_000m);

        var mismatch = Refused(() => ledger.Post([Entry(Dr("5110", 10m, "USD"), Cr("1010.USD", 10m, "USD"))], Now));
        Assert.Equal((LedgerErrors.CurrencyMismatch, "entries[0].lines[0].currency", "5110"), (mismatch.Code, mismatch.Field, mismatch.Account));

        var precision = Refused(() => ledger.Post([Entry(Dr("5110", 10.001m), Cr("1010.RUB", 10.001m))], Now));
        Assert.Equal((LedgerErrors.AmountPrecision, "entries[0].lines[0].amount"), (precision.Code, precision.Field));

        var unknown = Refused(() => ledger.Post([Entry(Dr("9999", 10m), Cr("1010.RUB", 10m))], Now));
        Assert.Equal((LedgerErrors.AccountUnknown, "entries[0].lines[0].account"), (unknown.Code, unknown.Field));

        var currency = Refused(() => ledger.Post([Entry(Dr("5110", 10m, "XXX"), Cr("1010.RUB", 10m))], Now));
        Assert.Equal((LedgerErrors.CurrencyUnknown, "entries[0].lines[0].currency"), (currency.Code, currency.Field));

        var negative = Refused(() => ledger.Post([Entry(Dr("5110", -10m), Cr("1010.RUB", -10m))], Now));
        Assert.Equal(LedgerErrors.AmountInvalid, negative.Code);

        var single = Refused(() => ledger.Post([Entry(Dr("5110", 10m))], Now));
        Assert.Equal((LedgerErrors.TooFewLines, "entries[0].lines"), (single.Code, single.Field));
    }

    [Fact]
    public void An_entry_that_would_overdraw_a_bank_account_is_refused_naming_the_account()
    {
        var ledger = Funded(1_000m);
        var refused = Refused(() => ledger.Post([Entry(Dr("5510.RUB", 1_000.01m), Cr("1010.RUB", 1_000.01m))], Now));

        Assert.Equal((LedgerErrors.Overdraft, "1010.RUB", "entries[0].lines[1]", 422), (refused.Code, refused.Account, refused.Field, refused.Status));
        Assert.Contains("1000.00 RUB is available", refused.Message, StringComparison.Ordinal);
        Assert.Empty(ledger.Changes);

        ledger.Post([Entry(Dr("5510.RUB", 1_000m), Cr("1010.RUB", 1_000m))], Now);
        Assert.Equal(0m, ledger.Account("1010.RUB").Posted);
    }

    [Fact]
    public void Linked_entries_succeed_or_fail_together()
    {
        var ledger = Funded(1_000m);
        var good = Entry(Dr("5510.RUB", 100m), Cr("1010.RUB", 100m));
        var overdrawing = Entry(Dr("5510.RUB", 950m), Cr("1010.RUB", 950m));

        var refused = Refused(() => ledger.Post([good, overdrawing], Now));
        Assert.Equal((LedgerErrors.Overdraft, "entries[1].lines[1]"), (refused.Code, refused.Field));
        Assert.Empty(ledger.Changes);
        Assert.Equal(1_000m, ledger.Account("1010.RUB").Posted);

        var posted = ledger.Post([good, Entry(Dr("5510.RUB", 900m), Cr("1010.RUB", 900m))], Now);
        Assert.Equal(2, ledger.Changes.Count);
        Assert.All(posted.Entries, e => Assert.Equal(good.Id, e.BatchId));
        Assert.Equal(0m, ledger.Account("1010.RUB").Posted);
    }

    [Fact]
    public void A_suppliers_payable_is_opened_on_first_use_per_currency_and_reused_after()
    {
        var ledger = Funded(5_000m, "USD");
        var supplier = Guid.NewGuid();
        ledger.Post([Entry(Dr("1410", 90_000m), Cr("3010.RUB", 90_000m))], Now);
        ledger.Post([Entry(Dr("1310.USD", 1_000m, "USD"), new LineDraft("2110", EntrySide.Credit, 1_000m, "USD", supplier))], Now);
        ledger.Post([Entry(new LineDraft("2110", EntrySide.Debit, 400m, "USD", supplier), Cr("1010.USD", 400m, "USD"))], Now);

        var payable = ledger.Account($"2110.USD.{supplier:N}");
        Assert.Equal((AccountType.Liability, supplier, 600m), (payable.Type, payable.PartyId, payable.Posted));
        Assert.Single(ledger.State.Accounts.Values, a => a.PartyId == supplier);

        var noSupplier = Refused(() => ledger.Post([Entry(Dr("1310.USD", 1m, "USD"), Cr("2110", 1m, "USD"))], Now));
        Assert.Equal((LedgerErrors.SupplierRequired, "entries[0].lines[1].supplierId"), (noSupplier.Code, noSupplier.Field));
    }

    [Fact]
    public void Money_rounds_to_its_currencys_minor_units_and_never_adds_across_currencies()
    {
        Assert.Equal(new Money(10.01m, "USD"), new Money(10.005m, "USD").Rounded());
        Assert.Equal(new Money(1_235m, "JPY"), new Money(1_234.5m, "JPY").Rounded());
        Assert.Equal(new Money(1.235m, "KWD"), new Money(1.2345m, "KWD").Rounded());
        Assert.False(new Money(0.001m, "RUB").IsExact);
        Assert.Equal("100.00 CNY", new Money(100m, "CNY").ToString());
        Assert.Equal(new Money(15m, "EUR"), new Money(10m, "EUR") + new Money(5m, "EUR"));
        Assert.Throws<InvalidOperationException>(() => new Money(1m, "EUR") + new Money(1m, "USD"));
    }
}
