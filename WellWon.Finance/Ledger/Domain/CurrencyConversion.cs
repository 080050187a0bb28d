namespace WellWon.Finance.Ledger.Domain;

/// <summary>
/// A conversion as two linked entries, one per currency, each balanced in its own currency through that currency's FX conversion
/// account (TigerBeetle's liquidity accounts), never one line in two currencies. The sold leg credits the paying account and debits
/// the FX conversion account with the bought amount at the market rate; the difference from what was paid is the spread, a line of
/// its own on the bank fees and spread account (a credit when the deal beat the market). Currency bought for roubles is valued at the
/// roubles paid at the market rate.
/// </summary>
public static class CurrencyConversion
{
    /// <param name="conversionId">The client's id; the legs' ids derive from it, so a retry posts nothing twice.</param>
    /// <param name="sold">What left the paying account.</param>
    /// <param name="bought">What arrived on the receiving account.</param>
    /// <param name="marketRate">Units of the sold currency per unit of the bought one at the market (the central bank's rate).</param>
    public static IReadOnlyList<EntryDraft> Drafts(
        Guid conversionId, Money sold, Money bought, decimal marketRate, string? fromAccount, string? toAccount, string? description, string? cause)
    {
        if (marketRate <= 0)
        {
            throw new LedgerRuleException(LedgerErrors.RateInvalid, "The market rate is more than 0.", "marketRate");
        }

        if (string.Equals(sold.Currency, bought.Currency, StringComparison.Ordinal) || !Currencies.IsKnown(sold.Currency) || !Currencies.IsKnown(bought.Currency))
        {
            throw new LedgerRuleException(LedgerErrors.CurrencyUnknown, "A conversion sells one booked currency for another.", "bought.currency");
        }

        var atMarket = Currencies.Round(bought.Amount * marketRate, sold.Currency);
        var spread = sold.Amount - atMarket;
        // Currency bought for roubles carries what it cost at the market (the spread is expensed), so bank money carries its real cost.
        // Both FX conversion lines carry the same roubles at market, so the pair clears in roubles: it is a clearing pair, never revalued,
        // and selling currency for roubles realises its gain or loss against the bank's carrying rate at once.
        decimal? boughtRub = sold.Currency == Currencies.Rub ? atMarket : null;
        decimal? soldRub = bought.Currency == Currencies.Rub ? bought.Amount : null;
        var what = description ?? $"Conversion of {sold} to {bought}";
        var soldLines = new List<LineDraft>
        {
            new(fromAccount ?? ChartOfAccounts.InCurrency(ChartOfAccounts.Bank, sold.Currency), EntrySide.Credit, sold.Amount, sold.Currency),
            new(ChartOfAccounts.InCurrency(ChartOfAccounts.FxConversion, sold.Currency), EntrySide.Debit, atMarket, sold.Currency, Functional: soldRub),
        };
        if (spread != 0)
        {
            soldLines.Add(new(ChartOfAccounts.InCurrency(ChartOfAccounts.BankFees, sold.Currency), spread > 0 ? EntrySide.Debit : EntrySide.Credit, Math.Abs(spread), sold.Currency));
        }

        return
        [
            new EntryDraft(ChartOfAccounts.DerivedId(conversionId, "sold"), $"{what}: sold", cause ?? conversionId.ToString(), soldLines),
            new EntryDraft(ChartOfAccounts.DerivedId(conversionId, "bought"), $"{what}: bought", cause ?? conversionId.ToString(),
            [
                new(ChartOfAccounts.InCurrency(ChartOfAccounts.FxConversion, bought.Currency), EntrySide.Credit, bought.Amount, bought.Currency, Functional: boughtRub),
                new(toAccount ?? ChartOfAccounts.InCurrency(ChartOfAccounts.Bank, bought.Currency), EntrySide.Debit, bought.Amount, bought.Currency, Functional: boughtRub),
            ]),
        ];
    }
}
