using System.Security.Cryptography;
using System.Text;

namespace WellWon.Finance.Ledger.Domain;

/// <summary>
/// The accounts every importer's ledger opens with: per currency (RUB, USD, EUR, CNY) a bank account that may not go negative,
/// prepayments to suppliers, an FX conversion account (the liquidity account conversions pass through), opening balances and bank
/// fees and spread; in roubles receivables, goods in transit, inventory, import VAT recoverable, customs payable, customs duties,
/// FX gains and FX losses. Payables are opened per supplier and currency the first time an entry names them.
/// </summary>
public static class ChartOfAccounts
{
    public const string Bank = "1010";
    public const string Receivables = "1210";
    public const string Prepayments = "1310";
    public const string GoodsInTransit = "1410";
    public const string Inventory = "1510";
    public const string ImportVatRecoverable = "1610";
    public const string FxConversion = "1910";
    public const string Payables = "2110";
    public const string CustomsPayable = "2210";
    public const string OpeningBalances = "3010";
    public const string FxGains = "4410";
    public const string UnrealisedFxGains = "4420";
    public const string CustomsDuties = "5110";
    public const string FxLosses = "5410";
    public const string UnrealisedFxLosses = "5420";
    public const string BankFees = "5510";

    /// <summary>The code of an account kept per currency: <c>1010.USD</c>.</summary>
    public static string InCurrency(string code, string currency) => $"{code}.{currency}";

    /// <summary>The code of a supplier's payable in one currency: <c>2110.USD.{supplier}</c>.</summary>
    public static string PayableOf(Guid supplierId, string currency) => $"{Payables}.{currency}.{supplierId:N}";

    /// <summary>
    /// An account's id, derived from its company and code, so the same account has the same id on every retry and replay
    /// (a name-based UUID, version 8).
    /// </summary>
    public static Guid AccountId(Guid companyId, string code)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{companyId:N}/{code}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Derives the id of a part of something the client named (the legs of a conversion) the same way.</summary>
    public static Guid DerivedId(Guid id, string part) => AccountId(id, part);

    public static IReadOnlyList<LedgerAccount> Seed(Guid companyId)
    {
        var accounts = new List<LedgerAccount>();
        void Add(string code, string name, AccountType type, string currency, bool noOverdraft = false) =>
            accounts.Add(new LedgerAccount(AccountId(companyId, code), code, name, type, currency, CreditsMustNotExceedDebits: noOverdraft));

        foreach (var currency in Currencies.Ledger)
        {
            Add(InCurrency(Bank, currency), $"Bank {currency}", AccountType.Asset, currency, noOverdraft: true);
        }

        Add(Receivables, "Receivables", AccountType.Asset, Currencies.Rub);
        foreach (var currency in Currencies.Ledger)
        {
            Add(InCurrency(Prepayments, currency), $"Prepayments to suppliers {currency}", AccountType.Asset, currency);
        }

        Add(GoodsInTransit, "Goods in transit", AccountType.Asset, Currencies.Rub);
        Add(Inventory, "Inventory", AccountType.Asset, Currencies.Rub);
        Add(ImportVatRecoverable, "Import VAT recoverable", AccountType.Asset, Currencies.Rub);
        foreach (var currency in Currencies.Ledger)
        {
            Add(InCurrency(FxConversion, currency), $"FX conversion {currency}", AccountType.Asset, currency);
        }

        Add(CustomsPayable, "Customs payable", AccountType.Liability, Currencies.Rub);
        foreach (var currency in Currencies.Ledger)
        {
            Add(InCurrency(OpeningBalances, currency), $"Equity / opening balances {currency}", AccountType.Equity, currency);
        }

        Add(FxGains, "FX gains", AccountType.Income, Currencies.Rub);
        Add(CustomsDuties, "Customs duties", AccountType.Expense, Currencies.Rub);
        Add(FxLosses, "FX losses", AccountType.Expense, Currencies.Rub);
        foreach (var currency in Currencies.Ledger)
        {
            Add(InCurrency(BankFees, currency), $"Bank fees and spread {currency}", AccountType.Expense, currency);
        }

        return accounts;
    }

    public static LedgerAccount Payable(Guid companyId, Guid supplierId, string currency) =>
        new(AccountId(companyId, PayableOf(supplierId, currency)), PayableOf(supplierId, currency), $"Payables {currency} to supplier {supplierId:N}",
            AccountType.Liability, currency, PartyId: supplierId);
}
