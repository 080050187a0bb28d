using WellWon.Web.Api;

namespace WellWon.Web.Finance;

/// <summary>
/// A manual journal entry as the dialog edits it: lines of account, side and amount, each in its account's currency. The balance is
/// checked per currency as the user types, as the ledger will check it; the server's answer still decides.
/// </summary>
public sealed class JournalEntryForm
{
    public Guid Id { get; } = Guid.NewGuid();

    public string? Description { get; set; }

    public string? Cause { get; set; }

    public List<JournalLineRow> Lines { get; } = [new(), new()];

    /// <summary>Debits less credits per currency of the lines that name an account and an amount.</summary>
    public IReadOnlyList<CurrencyBalance> Balances(IReadOnlyList<LedgerAccountView> accounts) =>
    [
        .. Lines.Select(l => (Line: l, Account: accounts.FirstOrDefault(a => a.Code == l.Account)))
            .Where(x => x.Account is not null && x.Line.Amount is > 0)
            .GroupBy(x => x.Account!.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CurrencyBalance(
                g.Key,
                g.Where(x => x.Line.Side == "debit").Sum(x => x.Line.Amount!.Value),
                g.Where(x => x.Line.Side == "credit").Sum(x => x.Line.Amount!.Value))),
    ];

    /// <summary>What stops the entry from being posted, for the user to fix first; empty when it may be sent.</summary>
    public IReadOnlyList<string> Problems(IReadOnlyList<LedgerAccountView> accounts)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Description))
        {
            problems.Add("Describe the entry.");
        }

        if (Lines.Count(l => l.Account is not null && l.Amount is > 0) < 2)
        {
            problems.Add("An entry has at least two lines with an account and an amount.");
        }

        foreach (var line in Lines.Where(l => l.Amount is not null && accounts.Any(a => a.Code == l.Account)))
        {
            var currency = accounts.First(a => a.Code == line.Account).Currency;
            if (line.Amount <= 0 || !FinanceMoney.IsExact(line.Amount!.Value, currency))
            {
                problems.Add($"{line.Account}: a positive amount with at most {FinanceMoney.MinorUnitsOf(currency)} decimals.");
            }
        }

        problems.AddRange(Balances(accounts).Where(b => !b.Balanced).Select(b =>
            $"{b.Currency} does not balance: debits {FinanceMoney.Format(b.Debits, b.Currency)}, credits {FinanceMoney.Format(b.Credits, b.Currency)}."));
        return problems;
    }

    public JournalEntryBody ToBody(IReadOnlyList<LedgerAccountView> accounts) => new(
        Id,
        Description!.Trim(),
        [
            .. Lines.Where(l => l.Account is not null && l.Amount is > 0)
                .Select(l => new JournalLineBody(l.Account!, l.Side, l.Amount!.Value, accounts.First(a => a.Code == l.Account).Currency)),
        ],
        string.IsNullOrWhiteSpace(Cause) ? null : Cause.Trim());

    /// <summary>
    /// The index in <see cref="Lines"/> of the line a ledger problem names (<c>entries[0].lines[1]</c> counts only the lines sent), or
    /// of the first line on the account it names.
    /// </summary>
    public int? LineOf(ApiProblem problem)
    {
        var sent = Lines.Select((l, i) => (l, i)).Where(x => x.l.Account is not null && x.l.Amount is > 0).Select(x => x.i).ToList();
        var field = problem.Field ?? problem.Errors.Keys.FirstOrDefault(k => k.Contains(".lines[", StringComparison.OrdinalIgnoreCase));
        if (field is not null)
        {
            var start = field.IndexOf(".lines[", StringComparison.OrdinalIgnoreCase);
            if (start >= 0)
            {
                var rest = field[(start + 7)..];
                var end = rest.IndexOf(']', StringComparison.Ordinal);
                if (end > 0 && int.TryParse(rest[..end], out var n) && n >= 0 && n < sent.Count)
                {
                    return sent[n];
                }
            }
        }

        if (problem.Account is { } account)
        {
            var index = Lines.FindIndex(l => string.Equals(l.Account, account, StringComparison.OrdinalIgnoreCase));
            return index >= 0 ? index : null;
        }

        return null;
    }
}

public sealed class JournalLineRow
{
    public string? Account { get; set; }

    public string Side { get; set; } = "debit";

    public decimal? Amount { get; set; }
}

public sealed record CurrencyBalance(string Currency, decimal Debits, decimal Credits)
{
    public bool Balanced => Debits == Credits;
}
