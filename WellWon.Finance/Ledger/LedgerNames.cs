namespace WellWon.Finance.Ledger;

/// <summary>The lower-case names of the ledger's enums, as JSON and the read models spell them.</summary>
public static class LedgerNames
{
    public static string Of(AccountType type) => type switch
    {
        AccountType.Asset => "asset",
        AccountType.Liability => "liability",
        AccountType.Equity => "equity",
        AccountType.Income => "income",
        _ => "expense",
    };

    public static AccountType AccountTypeOf(string name) => name switch
    {
        "asset" => AccountType.Asset,
        "liability" => AccountType.Liability,
        "equity" => AccountType.Equity,
        "income" => AccountType.Income,
        "expense" => AccountType.Expense,
        _ => throw new ArgumentException($"'{name}' is not an account type.", nameof(name)),
    };

    public static string Of(EntrySide side) => side == EntrySide.Debit ? "debit" : "credit";

    public static string Of(EntryStatus status) => status switch
    {
        EntryStatus.Posted => "posted",
        EntryStatus.Pending => "pending",
        EntryStatus.Voided => "voided",
        _ => "expired",
    };
}
