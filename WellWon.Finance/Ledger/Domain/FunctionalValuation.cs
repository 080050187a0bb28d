using System.Globalization;

namespace WellWon.Finance.Ledger.Domain;

/// <summary>
/// The central bank's rates a decision may use, fetched by the write path before the ledger decides (the ledger does no I/O). A rate
/// it lacks is asked for with <see cref="RateNeededException"/>: the write path fetches it and lets the ledger decide again.
/// </summary>
public sealed class OfficialRateBook(Func<string, DateOnly, decimal?> lookup)
{
    /// <summary>Roubles per unit of <paramref name="currency"/> on <paramref name="day"/>.</summary>
    public decimal RubPerUnit(string currency, DateOnly day) =>
        lookup(currency, day) is { } rate && rate > 0 ? rate : throw new RateNeededException(currency, day);

    /// <summary>The day whose official rate values an entry effective at <paramref name="at"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}

/// <summary>The ledger needs the official rate of <see cref="Currency"/> on <see cref="Day"/> to decide.</summary>
public sealed class RateNeededException(string currency, DateOnly day)
    : Exception($"The official rate of {currency} on {day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is needed.")
{
    public string Currency { get; } = currency;

    public DateOnly Day { get; } = day;

    public LedgerRuleException Missing() => new(LedgerErrors.RateMissing,
        $"The central bank has no official rate of {Currency} for {Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}; the entry cannot be valued in roubles.",
        "currency", status: 422);
}

/// <summary>
/// Values an entry's lines in roubles, the functional currency. A rouble line is its amount. A decrease of an account leaves at its
/// carrying rate (its rouble balance over its balance), so what a payable or a bank balance carries is what leaves it. An increase of a
/// monetary account (bank, receivables, payables, FX conversion) is valued at the official rate of the entry's day (IAS 21.21); an
/// increase of a non-monetary one (prepayments, goods, expenses, equity) takes first the carrying value of the non-monetary items the
/// entry gives up for it (goods covered by a prepayment at the prepayment's rate: IAS 21.23, IFRIC 22, PBU 3/2006 п. 10), the rest at
/// the official rate. A value the caller states (a conversion's bought leg at the roubles paid) is taken as it is. What then fails to
/// balance in roubles is the realised FX difference, posted as a line of its own on FX gains or FX losses.
/// </summary>
public static class FunctionalValuation
{
    private static readonly string[] MonetaryCodes =
        [ChartOfAccounts.Bank, ChartOfAccounts.Receivables, ChartOfAccounts.FxConversion, ChartOfAccounts.Payables, ChartOfAccounts.CustomsPayable];

    /// <summary>Whether the account is a monetary item (revalued at month end), by its chart code (<c>2110.CNY.…</c> is a payable).</summary>
    public static bool IsMonetary(string code)
    {
        var head = code.Split('.', 2)[0];
        return MonetaryCodes.Contains(head, StringComparer.Ordinal);
    }

    /// <param name="given">A rouble value per line the caller stated, or null to value it here.</param>
    public static IReadOnlyList<EntryLine> Value(LedgerState state, IReadOnlyList<EntryLine> lines, IReadOnlyList<decimal?> given, DateTimeOffset effectiveAt, OfficialRateBook rates)
    {
        var day = OfficialRateBook.DayOf(effectiveAt);
        var values = new decimal?[lines.Count];
        // Debit-positive balance and rouble balance of each account as the entry's lines move it, line by line.
        var running = new Dictionary<Guid, (decimal Balance, decimal Rub)>();
        // Per currency: what the non-monetary decreases carried, and the non-monetary increases still to value.
        var givenUp = new Dictionary<string, (decimal Amount, decimal Rub)>(StringComparer.Ordinal);
        var toValue = new List<(int Line, decimal Amount, decimal Valued)>();

        for (var j = 0; j < lines.Count; j++)
        {
            var line = lines[j];
            var account = state.Accounts[line.AccountId];
            if (line.Currency == Currencies.Rub)
            {
                values[j] = line.Amount;
                continue;
            }

            if (given[j] is { } stated)
            {
                values[j] = stated;
                Move(account, line.Side, line.Amount, stated);
                continue;
            }

            if (account.Unvalued)
            {
                // Its carrying rate is unknown (lines recorded before valuing): the line is valued at the day's rate, as a new one.
                values[j] = Currencies.Round(line.Amount * rates.RubPerUnit(line.Currency, day), Currencies.Rub);
                Move(account, line.Side, line.Amount, values[j]!.Value);
                continue;
            }

            var (balance, rub) = running.TryGetValue(account.Id, out var r) ? r : (account.PostedDebits - account.PostedCredits, account.FunctionalDebits - account.FunctionalCredits);
            var sign = line.Side == EntrySide.Debit ? 1 : -1;
            var value = 0m;
            var rest = line.Amount;
            var monetary = IsMonetary(account.Code);
            if (balance != 0 && Math.Sign(balance) != sign)
            {
                // A decrease: up to the balance at the carrying rate, all of it when it empties the account.
                var part = Math.Min(rest, Math.Abs(balance));
                var carried = part == Math.Abs(balance) ? rub * Math.Sign(balance) : Currencies.Round(rub * part / balance, Currencies.Rub);
                value += carried;
                rest -= part;
                if (!monetary)
                {
                    var (a, v) = givenUp.GetValueOrDefault(line.Currency);
                    givenUp[line.Currency] = (a + part, v + carried);
                }
            }

            if (rest > 0 && monetary)
            {
                value += Currencies.Round(rest * rates.RubPerUnit(line.Currency, day), Currencies.Rub);
                rest = 0;
            }

            if (rest > 0)
            {
                toValue.Add((j, rest, value));
            }
            else
            {
                values[j] = value;
            }

            Move(account, line.Side, line.Amount, value);
        }

        foreach (var currency in toValue.Select(t => lines[t.Line].Currency).Distinct(StringComparer.Ordinal))
        {
            var portions = toValue.Where(t => lines[t.Line].Currency == currency).ToList();
            var wanted = portions.Sum(p => p.Amount);
            var (upAmount, upRub) = givenUp.GetValueOrDefault(currency);
            var covered = Math.Min(wanted, upAmount);
            var pool = (covered == upAmount ? upRub : Currencies.Round(upRub * covered / upAmount, Currencies.Rub))
                       + (wanted > covered ? Currencies.Round((wanted - covered) * rates.RubPerUnit(currency, day), Currencies.Rub) : 0m);
            var left = pool;
            for (var i = 0; i < portions.Count; i++)
            {
                var share = i == portions.Count - 1 ? left : Currencies.Round(pool * portions[i].Amount / wanted, Currencies.Rub);
                left -= share;
                values[portions[i].Line] = portions[i].Valued + share;
            }
        }

        var valued = lines.Select((l, j) => l with { Functional = values[j] }).ToList();
        var difference = valued.Sum(l => l.Side == EntrySide.Debit ? l.Functional!.Value : -l.Functional!.Value);
        if (difference != 0)
        {
            // Debits worth more in roubles than credits: the difference is a gain; less, a loss.
            var code = difference > 0 ? ChartOfAccounts.FxGains : ChartOfAccounts.FxLosses;
            var fx = state.Find(code) ?? throw new LedgerRuleException(LedgerErrors.AccountUnknown, $"The ledger has no account {code} for FX differences.", "lines", code);
            valued.Add(new EntryLine(fx.Id, difference > 0 ? EntrySide.Credit : EntrySide.Debit, Math.Abs(difference), Currencies.Rub, Math.Abs(difference), Valuation: true));
        }

        return valued;

        void Move(LedgerAccount account, EntrySide side, decimal amount, decimal value)
        {
            var (balance, rub) = running.TryGetValue(account.Id, out var r) ? r : (account.PostedDebits - account.PostedCredits, account.FunctionalDebits - account.FunctionalCredits);
            var sign = side == EntrySide.Debit ? 1 : -1;
            running[account.Id] = (balance + sign * amount, rub + sign * value);
        }
    }
}
