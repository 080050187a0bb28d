namespace WellWon.Web.Tests.Finance;

/// <summary>Ledger answers as the Api gives them: accounts with balances, a statement, a trial balance.</summary>
public static class LedgerSamples
{
    public static readonly Guid EntryId = Guid.Parse("0196a0c4-2222-7000-8000-000000000001");

    public static object Account(string code, string name, string type, string currency, decimal posted, decimal pending = 0, decimal available = 0,
        decimal postedDebits = 0, decimal pendingDebits = 0) => new
    {
        id = Guid.NewGuid(), code, name, type, currency, debitsMustNotExceedCredits = false, creditsMustNotExceedDebits = code.StartsWith("1010.", StringComparison.Ordinal),
        partyId = (Guid?)null, shipmentId = (Guid?)null, postedDebits, postedCredits = 0m, pendingDebits, pendingCredits = 0m, posted, pending, available,
    };

    public static object[] Chart() =>
    [
        Account("1010.USD", "Bank USD", "asset", "USD", 1234.5m, 1234.5m, 1234.5m),
        Account("1010.RUB", "Bank RUB", "asset", "RUB", 0m),
        Account("3010.USD", "Opening balances USD", "equity", "USD", 1234.5m, 1234.5m, 1234.5m),
        Account("3010.RUB", "Opening balances RUB", "equity", "RUB", 0m),
    ];
}
