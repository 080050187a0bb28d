using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WellWon.Finance.Ledger.Domain;

/// <summary>
/// A line as the client wrote it: the account by id or code (<c>1010.USD</c>), or the payables code <c>2110</c> with
/// <paramref name="SupplierId"/> for that supplier's payable in <paramref name="Currency"/>, opened on first use. <paramref name="Functional"/>
/// states the line's rouble value (a conversion's bought leg at the roubles paid; a reversal's lines at the original's values) instead of
/// letting the ledger value it; a <paramref name="Valuation"/> line is an FX difference the ledger made (reversed), which may carry 0.
/// </summary>
public sealed record LineDraft(string Account, EntrySide Side, decimal Amount, string Currency, Guid? SupplierId = null, decimal? Functional = null, bool Valuation = false);

/// <summary>An entry as the client asked for it; <paramref name="HoldFor"/> makes it a hold (pending) that expires after that long.</summary>
public sealed record EntryDraft(
    Guid Id,
    string Description,
    string? Cause,
    IReadOnlyList<LineDraft> Lines,
    DateTimeOffset? EffectiveAt = null,
    TimeSpan? HoldFor = null)
{
    /// <summary>
    /// The hash of everything the entry says, in a canonical text (amounts with the currency's minor units, so 100 and 100.00 agree):
    /// the same id with the same fingerprint is a retry, with another one a reuse.
    /// </summary>
    public string Fingerprint()
    {
        var text = new StringBuilder()
            .Append(Description).Append('\n')
            .Append(Cause).Append('\n')
            .Append(EffectiveAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Append('\n')
            .Append(HoldFor?.TotalSeconds.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var line in Lines)
        {
            text.Append(line.Account).Append('|').Append(line.Side).Append('|')
                .Append(Currencies.IsKnown(line.Currency) ? Currencies.Format(line.Amount, line.Currency) : line.Amount.ToString(CultureInfo.InvariantCulture))
                .Append('|').Append(line.Currency).Append('|').Append(line.SupplierId?.ToString("N"));
            if (line.Functional is { } rub)
            {
                text.Append("|rub=").Append(Currencies.Format(rub, Currencies.Rub));
            }

            text.Append(line.Valuation ? "|valuation\n" : "\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The fingerprint of the reversal of <paramref name="original"/>.</summary>
    public static string ReversalFingerprint(Guid original, string? description) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"reversal\n{original:N}\n{description}")));
}

/// <summary>The entries a request asked for as the ledger holds them; <see cref="Replayed"/> when all were posted before (a retry).</summary>
public sealed record PostedEntries(IReadOnlyList<LedgerEntry> Entries, bool Replayed);

/// <summary>One held entry after a post or void; <see cref="Replayed"/> when it was already so (a retry).</summary>
public sealed record ResolvedEntry(LedgerEntry Entry, bool Replayed);
