using System.Collections.Immutable;
using WellWon.Platform.Kernel;

namespace WellWon.Finance.Ledger.Domain;

/// <summary>
/// What a company's ledger knows to decide: its accounts with their posted and pending totals, every entry by id (so a retry is
/// recognised and a reused id refused, and a reversal finds what it reverses), and the open holds by expiry.
/// </summary>
public sealed record LedgerState : AggregateState<LedgerState>
{
    public Guid CompanyId { get; init; }

    public bool Opened { get; init; }

    public ImmutableDictionary<Guid, LedgerAccount> Accounts { get; init; } = ImmutableDictionary<Guid, LedgerAccount>.Empty;

    public ImmutableDictionary<string, Guid> Codes { get; init; } = ImmutableDictionary<string, Guid>.Empty;

    public ImmutableDictionary<Guid, LedgerEntry> Entries { get; init; } = ImmutableDictionary<Guid, LedgerEntry>.Empty;

    /// <summary>Open holds and when they expire.</summary>
    public ImmutableDictionary<Guid, DateTimeOffset> Holds { get; init; } = ImmutableDictionary<Guid, DateTimeOffset>.Empty;

    public LedgerState()
    {
        On<LedgerOpened>((s, e) => s with { CompanyId = e.CompanyId, Opened = true });
        On<AccountOpened>((s, e) => s with
        {
            Accounts = s.Accounts.SetItem(e.AccountId, new LedgerAccount(
                e.AccountId, e.Code, e.Name, e.Type, e.Currency, e.DebitsMustNotExceedCredits, e.CreditsMustNotExceedDebits, e.PartyId, e.ShipmentId)),
            Codes = s.Codes.SetItem(e.Code, e.AccountId),
        });
        On<EntryPosted>((s, e) =>
        {
            var entry = new LedgerEntry(e.EntryId, e.Description, e.Cause, e.Lines, e.EffectiveAt, e.RecordedAt, e.Fingerprint, EntryStatus.Posted, e.Reverses, e.BatchId);
            var entries = s.Entries.SetItem(e.EntryId, entry);
            if (e.Reverses is { } original && entries.TryGetValue(original, out var reversed))
            {
                entries = entries.SetItem(original, reversed with { ReversedBy = e.EntryId });
            }

            return s with { Entries = entries, Accounts = Post(s.Accounts, e.Lines) };
        });
        On<EntryHeld>((s, e) => s with
        {
            Entries = s.Entries.SetItem(e.EntryId, new LedgerEntry(
                e.EntryId, e.Description, e.Cause, e.Lines, e.EffectiveAt, e.RecordedAt, e.Fingerprint, EntryStatus.Pending, null, e.BatchId, e.ExpiresAt, WasPending: true)),
            Accounts = Move(s.Accounts, e.Lines, pending: true, sign: 1),
            Holds = s.Holds.SetItem(e.EntryId, e.ExpiresAt),
        });
        On<HeldEntryPosted>((s, e) =>
        {
            var held = s.Entries[e.EntryId];
            return s with
            {
                Entries = s.Entries.SetItem(e.EntryId, held with { Status = EntryStatus.Posted, PostedLines = e.Lines, ResolvedAt = e.PostedAt }),
                Accounts = Post(Move(s.Accounts, e.Released, pending: true, sign: -1), e.Lines),
                Holds = s.Holds.Remove(e.EntryId),
            };
        });
        On<HeldEntryVoided>((s, e) =>
        {
            var held = s.Entries[e.EntryId];
            return s with
            {
                Entries = s.Entries.SetItem(e.EntryId, held with { Status = e.Expired ? EntryStatus.Expired : EntryStatus.Voided, ResolvedAt = e.VoidedAt }),
                Accounts = Move(s.Accounts, e.Released, pending: true, sign: -1),
                Holds = s.Holds.Remove(e.EntryId),
            };
        });
    }

    public LedgerAccount? Find(string code) => Codes.TryGetValue(code, out var id) ? Accounts[id] : null;

    private static ImmutableDictionary<Guid, LedgerAccount> Post(ImmutableDictionary<Guid, LedgerAccount> accounts, IReadOnlyList<EntryLine> lines)
    {
        var builder = accounts.ToBuilder();
        foreach (var line in lines)
        {
            builder[line.AccountId] = builder[line.AccountId].AfterPosting(line, sign: 1);
        }

        return builder.ToImmutable();
    }

    private static ImmutableDictionary<Guid, LedgerAccount> Move(ImmutableDictionary<Guid, LedgerAccount> accounts, IReadOnlyList<EntryLine> lines, bool pending, int sign)
    {
        var builder = accounts.ToBuilder();
        foreach (var line in lines)
        {
            builder[line.AccountId] = builder[line.AccountId].Moved(line.Side, sign * line.Amount, pending);
        }

        return builder.ToImmutable();
    }
}

/// <summary>
/// A company's double-entry ledger, one stream per company, so every rule that spans accounts (balance per currency, no overdraft,
/// ids used once) is decided on one consistent state and written with optimistic concurrency: a concurrent writer makes the append
/// fail, never lets two decisions on stale balances both land. Entries never change; a correction is a reversal linked to the
/// original; holds are posted (in full or less) or voided once, and expire at their timeout.
/// </summary>
[StreamCategory("finance-ledger")]
public sealed class CompanyLedger : Aggregate<LedgerState>
{
    public const int MaxLinesPerEntry = 500;

    public bool Opened => State.Opened;

    /// <summary>
    /// The official rates the write path fetched for this decision. Without them (a ledger decided on directly) lines are recorded
    /// unvalued, as before the ledger kept roubles; with them every posted line carries its rouble equivalent.
    /// </summary>
    public OfficialRateBook? Rates { get; set; }

    /// <summary>Opens the company's ledger with the importer's chart of accounts.</summary>
    public static CompanyLedger Open(Guid companyId, DateTimeOffset now)
    {
        var ledger = new CompanyLedger { Id = companyId };
        ledger.Apply(new LedgerOpened(companyId, now));
        foreach (var account in ChartOfAccounts.Seed(companyId))
        {
            ledger.OpenAccount(account, now);
        }

        return ledger;
    }

    /// <summary>Opens an account (or answers the one with that code when it is the same account); the code is unique in the ledger.</summary>
    public LedgerAccount OpenAccount(string code, string name, AccountType type, string currency, bool debitsMustNotExceedCredits,
        bool creditsMustNotExceedDebits, Guid? partyId, Guid? shipmentId, DateTimeOffset now)
    {
        RequireOpened();
        if (!Currencies.IsKnown(currency))
        {
            throw new LedgerRuleException(LedgerErrors.CurrencyUnknown, $"'{currency}' is not an ISO 4217 currency WellWon books.", "currency");
        }

        var account = new LedgerAccount(ChartOfAccounts.AccountId(Id, code), code, name, type, currency, debitsMustNotExceedCredits, creditsMustNotExceedDebits, partyId, shipmentId);
        if (State.Find(code) is { } existing)
        {
            return existing with { PostedDebits = 0, PostedCredits = 0, PendingDebits = 0, PendingCredits = 0, FunctionalDebits = 0, FunctionalCredits = 0, Unvalued = false } == account
                ? existing
                : throw new LedgerRuleException(LedgerErrors.AccountCodeTaken, $"Account code {code} is already used by another account.", "code", code, 409);
        }

        OpenAccount(account, now);
        return State.Accounts[account.Id];
    }

    /// <summary>
    /// Posts (or holds) the entries of one request, all or none: each must be balanced per currency and leave no no-overdraft account
    /// negative. The same ids with the same data answer the entries as they are (a retry); an id used for other data is refused.
    /// </summary>
    public PostedEntries Post(IReadOnlyList<EntryDraft> drafts, DateTimeOffset now)
    {
        RequireOpened();
        if (drafts.Count == 0)
        {
            throw new LedgerRuleException(LedgerErrors.TooFewLines, "A request posts at least one entry.", "entries");
        }

        var fingerprints = drafts.Select(d => d.Fingerprint()).ToArray();
        var known = 0;
        for (var i = 0; i < drafts.Count; i++)
        {
            if (State.Entries.TryGetValue(drafts[i].Id, out var existing))
            {
                known++;
                if (!string.Equals(existing.Fingerprint, fingerprints[i], StringComparison.Ordinal))
                {
                    throw LedgerRuleException.IdReused(drafts[i].Id, $"entries[{i}].id");
                }
            }
        }

        if (known == drafts.Count)
        {
            return new PostedEntries([.. drafts.Select(d => State.Entries[d.Id])], Replayed: true);
        }

        if (known > 0)
        {
            var index = drafts.ToList().FindIndex(d => State.Entries.ContainsKey(d.Id));
            throw new LedgerRuleException(LedgerErrors.IdReused,
                $"Entry {drafts[index].Id} was posted before without the others of this request; linked entries are posted together.", $"entries[{index}].id", status: 409);
        }

        var batchId = drafts.Count > 1 ? drafts[0].Id : (Guid?)null;
        Atomically(trial =>
        {
            trial.ExpireDue(now);
            for (var i = 0; i < drafts.Count; i++)
            {
                try
                {
                    trial.Record(drafts[i], fingerprints[i], batchId, reverses: null, now);
                }
                catch (LedgerRuleException e)
                {
                    throw e.Under($"entries[{i}]");
                }
            }
        });
        return new PostedEntries([.. drafts.Select(d => State.Entries[d.Id])], Replayed: false);
    }

    /// <summary>Posts a hold in full, or a smaller <paramref name="amount"/> on each of its lines (when they all carry the same amount).</summary>
    public ResolvedEntry PostHeld(Guid entryId, decimal? amount, DateTimeOffset now)
    {
        var held = Held(entryId, now);
        IReadOnlyList<EntryLine> lines = held.Lines;
        if (amount is { } partial)
        {
            if (held.Lines.Select(l => l.Amount).Distinct().Count() != 1)
            {
                throw new LedgerRuleException(LedgerErrors.PartialPostAmbiguous,
                    "A smaller amount can be posted only from a hold whose lines all carry the same amount.", "amount");
            }

            var currency = held.Lines[0].Currency;
            if (partial <= 0 || partial > held.Lines[0].Amount)
            {
                throw new LedgerRuleException(partial <= 0 ? LedgerErrors.AmountInvalid : LedgerErrors.PostExceedsHold,
                    $"The amount posted is more than 0 and at most the {Currencies.Format(held.Lines[0].Amount, currency)} held.", "amount");
            }

            if (Currencies.Round(partial, currency) != partial)
            {
                throw new LedgerRuleException(LedgerErrors.AmountPrecision, $"{currency} amounts have {Currencies.MinorUnitsOf(currency)} decimals at most.", "amount");
            }

            lines = [.. held.Lines.Select(l => l with { Amount = partial })];
        }

        switch (held.Status)
        {
            case EntryStatus.Posted when held.PostedLines is { } posted && posted.Where(l => !l.Valuation).Select(l => l.Unvalued()).SequenceEqual(lines):
                return new ResolvedEntry(held, Replayed: true);
            case EntryStatus.Posted:
                throw new LedgerRuleException(LedgerErrors.AlreadyPosted, $"Hold {entryId} was already posted, with other amounts.");
            case EntryStatus.Voided:
                throw new LedgerRuleException(LedgerErrors.AlreadyVoided, $"Hold {entryId} was voided; it cannot be posted.");
            case EntryStatus.Expired:
                throw new LedgerRuleException(LedgerErrors.Expired, $"Hold {entryId} expired at {held.ExpiresAt:O}; it cannot be posted.");
        }

        // The hold reserved amounts only; what is posted is valued now, at the carrying rates of the moment and its day's official rates.
        var valued = Rates is { } rates ? FunctionalValuation.Value(State, lines, [.. lines.Select(_ => (decimal?)null)], held.EffectiveAt, rates) : lines;
        Apply(new HeldEntryPosted(Id, entryId, valued, held.Lines, now));
        return new ResolvedEntry(State.Entries[entryId], Replayed: false);
    }

    /// <summary>Releases a hold without posting it.</summary>
    public ResolvedEntry VoidHeld(Guid entryId, DateTimeOffset now)
    {
        var held = Held(entryId, now);
        switch (held.Status)
        {
            case EntryStatus.Voided:
                return new ResolvedEntry(held, Replayed: true);
            case EntryStatus.Posted:
                throw new LedgerRuleException(LedgerErrors.AlreadyPosted, $"Hold {entryId} was posted; a posted entry is reversed, not voided.");
            case EntryStatus.Expired:
                throw new LedgerRuleException(LedgerErrors.Expired, $"Hold {entryId} expired at {held.ExpiresAt:O} and was released then.");
        }

        Apply(new HeldEntryVoided(Id, entryId, held.Lines, Expired: false, now));
        return new ResolvedEntry(State.Entries[entryId], Replayed: false);
    }

    /// <summary>Posts the mirror image of a posted entry as a new entry linked to it; an entry is reversed once.</summary>
    public ResolvedEntry Reverse(Guid entryId, Guid reversalId, string? description, DateTimeOffset now)
    {
        RequireOpened();
        var original = State.Entries.TryGetValue(entryId, out var found) ? found : throw LedgerErrors.NoEntry(entryId);
        var fingerprint = EntryDraft.ReversalFingerprint(entryId, description);
        if (State.Entries.TryGetValue(reversalId, out var existing))
        {
            return string.Equals(existing.Fingerprint, fingerprint, StringComparison.Ordinal)
                ? new ResolvedEntry(existing, Replayed: true)
                : throw LedgerRuleException.IdReused(reversalId, "reversalId");
        }

        ExpireDue(now);
        original = State.Entries[entryId];
        if (original.Status is not EntryStatus.Posted)
        {
            throw new LedgerRuleException(LedgerErrors.NotReversible, $"Entry {entryId} is {original.Status.ToString().ToLowerInvariant()}; only a posted entry is reversed (a hold is voided).");
        }

        if (original.Cause?.StartsWith(Revaluation.CausePrefix, StringComparison.Ordinal) == true)
        {
            // Its valuation lines measured balances that have moved since; undoing them would leave roubles on emptied accounts.
            throw new LedgerRuleException(LedgerErrors.NotReversible, $"Entry {entryId} is a month-end revaluation; the next one measures from it, it is not reversed.");
        }

        if (original.ReversedBy is { } by)
        {
            throw new LedgerRuleException(LedgerErrors.AlreadyReversed, $"Entry {entryId} was already reversed by {by}.");
        }

        var lines = (original.PostedLines ?? original.Lines)
            .Select(l =>
            {
                var side = l.Side == EntrySide.Debit ? EntrySide.Credit : EntrySide.Debit;
                return new LineDraft(l.AccountId.ToString(), side, l.Amount, l.Currency, Functional: KeepsItsValue(l, side) ? l.Functional : null, Valuation: l.Valuation);
            })
            .ToList();
        var draft = new EntryDraft(reversalId, description ?? $"Reversal of {original.Description}", original.Cause, lines);
        Atomically(trial => trial.Record(draft, fingerprint, batchId: null, reverses: entryId, now));
        return new ResolvedEntry(State.Entries[reversalId], Replayed: false);
    }

    /// <summary>
    /// Revalues the open foreign balances of monetary accounts (bank, receivables, payables; see <see cref="Revaluation.IsRevalued"/>) at the official rate of <paramref name="month"/>'s last day: one entry
    /// per month, its id derived from the company and the month, so asking again answers the entry made (idempotent). Each account
    /// whose balance × rate differs from its rouble balance gets a valuation line (0 in its currency, the difference in roubles) against
    /// unrealised FX gains (4420) or losses (5420). Revaluations are cumulative: the revalued amount is the account's new carrying amount,
    /// so the next month and a later settlement measure from it (PBU 3/2006 п. 7; nothing is reversed on the 1st). Months are revalued
    /// in order; a month revalued late revalues only what each account still holds of its month-end balance.
    /// </summary>
    public ResolvedEntry Revalue(DateOnly month, DateTimeOffset now)
    {
        RequireOpened();
        var entryId = Revaluation.EntryIdOf(Id, month);
        if (State.Entries.TryGetValue(entryId, out var done))
        {
            return new ResolvedEntry(done, Replayed: true);
        }

        var end = Revaluation.EndOf(month);
        if (now <= end)
        {
            throw new LedgerRuleException(LedgerErrors.MonthNotOver,
                $"{Revaluation.Name(month)} is not over yet; it is revalued from {end.AddTicks(10):yyyy-MM-dd} on.", "month");
        }

        if (State.Entries.Values.Select(e => e.Cause).Where(c => c is not null && c.StartsWith(Revaluation.CausePrefix, StringComparison.Ordinal))
                .Max(StringComparer.Ordinal) is { } latest && string.CompareOrdinal(latest, Revaluation.CauseOf(month)) > 0)
        {
            throw new LedgerRuleException(LedgerErrors.RevaluationOutOfOrder,
                $"{latest[Revaluation.CausePrefix.Length..]} is already revalued; months are revalued in order, {Revaluation.Name(month)} can no longer be.", "month");
        }

        var rates = Rates ?? throw new RateNeededException(Currencies.Usd, DateOnly.FromDateTime(end.UtcDateTime));
        var lines = new List<EntryLine>();
        var (gains, losses) = (0m, 0m);
        foreach (var (account, atEnd, rubAtEnd) in Revaluation.OpenForeignMonetary(State, end))
        {
            // What has left the account since the month ended was settled at the carrying rate of then, its difference realised:
            // only what it still holds of the month-end balance is revalued, so an emptied account never keeps roubles.
            var stillHeld = account.PostedDebits - account.PostedCredits;
            var held = Math.Sign(stillHeld) == Math.Sign(atEnd) ? Math.Sign(atEnd) * Math.Min(Math.Abs(atEnd), Math.Abs(stillHeld)) : 0m;
            if (held == 0)
            {
                continue;
            }

            var carried = held == atEnd ? rubAtEnd : Currencies.Round(rubAtEnd * held / atEnd, Currencies.Rub);
            var difference = Currencies.Round(held * rates.RubPerUnit(account.Currency, DateOnly.FromDateTime(end.UtcDateTime)), Currencies.Rub) - carried;
            if (difference != 0)
            {
                lines.Add(new EntryLine(account.Id, difference > 0 ? EntrySide.Debit : EntrySide.Credit, 0m, account.Currency, Math.Abs(difference), Valuation: true));
                gains += Math.Max(difference, 0);
                losses += Math.Max(-difference, 0);
            }
        }

        if (gains > 0)
        {
            lines.Add(new EntryLine(RevaluationAccount(ChartOfAccounts.UnrealisedFxGains, "Unrealised FX gains (revaluation)", AccountType.Income, now), EntrySide.Credit, gains, Currencies.Rub, gains, Valuation: true));
        }

        if (losses > 0)
        {
            lines.Add(new EntryLine(RevaluationAccount(ChartOfAccounts.UnrealisedFxLosses, "Unrealised FX losses (revaluation)", AccountType.Expense, now), EntrySide.Debit, losses, Currencies.Rub, losses, Valuation: true));
        }

        // Recorded even when nothing moved, so the month reads as revalued and asking again changes nothing.
        Apply(new EntryPosted(Id, entryId, $"Revaluation of foreign balances at {Revaluation.Name(month)} end", Revaluation.CauseOf(month), lines, end, now,
            Revaluation.Fingerprint(month), Reverses: null, BatchId: null));
        return new ResolvedEntry(State.Entries[entryId], Replayed: false);
    }

    private Guid RevaluationAccount(string code, string name, AccountType type, DateTimeOffset now)
    {
        if (State.Find(code) is not { } account)
        {
            account = new LedgerAccount(ChartOfAccounts.AccountId(Id, code), code, name, type, Currencies.Rub);
            OpenAccount(account, now);
        }

        return account.Id;
    }

    /// <summary>
    /// Whether a reversed line takes back the rouble value the original gave it. What it puts back does; what it takes from an account
    /// leaves at the account's carrying rate like any decrease (a revaluation since may have changed it), and the reversal's own FX line
    /// takes the difference. The FX conversion pair keeps its values, so it still clears in roubles.
    /// </summary>
    private bool KeepsItsValue(EntryLine original, EntrySide side)
    {
        var account = State.Accounts[original.AccountId];
        var balance = account.PostedDebits - account.PostedCredits;
        var decreases = balance != 0 && Math.Sign(balance) != (side == EntrySide.Debit ? 1 : -1);
        return original.Valuation || !decreases || account.Code.StartsWith(ChartOfAccounts.FxConversion + ".", StringComparison.Ordinal);
    }

    /// <summary>Releases every hold whose timeout has passed by <paramref name="now"/>, as of its expiry; answers how many.</summary>
    public int ExpireDue(DateTimeOffset now)
    {
        var due = State.Holds.Where(h => h.Value <= now).OrderBy(h => h.Value).ThenBy(h => h.Key).ToList();
        foreach (var (entryId, expiresAt) in due)
        {
            Apply(new HeldEntryVoided(Id, entryId, State.Entries[entryId].Lines, Expired: true, expiresAt));
        }

        return due.Count;
    }

    /// <summary>
    /// Runs <paramref name="decide"/> on a copy of the ledger and takes its events only when it succeeds, so a refused entry of a
    /// batch leaves no trace of the ones before it, here as in the store.
    /// </summary>
    private void Atomically(Action<CompanyLedger> decide)
    {
        var trial = new CompanyLedger { Rates = Rates };
        ((IAggregate)trial).Restore(Id, CurrentVersion, State);
        decide(trial);
        foreach (var e in trial.Changes)
        {
            Apply(e);
        }
    }

    private LedgerEntry Held(Guid entryId, DateTimeOffset now)
    {
        RequireOpened();
        if (!State.Entries.TryGetValue(entryId, out var entry))
        {
            throw LedgerErrors.NoEntry(entryId);
        }

        if (!entry.WasPending)
        {
            throw new LedgerRuleException(LedgerErrors.NotPending, $"Entry {entryId} was posted at once; it has no hold to post or void.");
        }

        // A hold past its timeout is released here even if no job has got to it yet.
        ExpireDue(now);
        return State.Entries[entryId];
    }

    private void Record(EntryDraft draft, string fingerprint, Guid? batchId, Guid? reverses, DateTimeOffset now)
    {
        if (draft.Lines.Count < 2 || draft.Lines.Count > MaxLinesPerEntry)
        {
            throw new LedgerRuleException(LedgerErrors.TooFewLines, $"An entry has 2 to {MaxLinesPerEntry} lines.", "lines");
        }

        var accounts = new LedgerAccount[draft.Lines.Count];
        var toOpen = new List<LedgerAccount>();
        for (var j = 0; j < draft.Lines.Count; j++)
        {
            try
            {
                accounts[j] = Resolve(draft.Lines[j], toOpen);
            }
            catch (LedgerRuleException e)
            {
                throw e.Under($"lines[{j}]");
            }
        }

        var unbalanced = draft.Lines
            .Where(l => !l.Valuation)
            .GroupBy(l => l.Currency, StringComparer.Ordinal)
            .Select(g => (Currency: g.Key, Difference: g.Sum(l => l.Side == EntrySide.Debit ? l.Amount : -l.Amount)))
            .Where(c => c.Difference != 0)
            .ToList();
        if (unbalanced.Count > 0)
        {
            throw new LedgerRuleException(LedgerErrors.Unbalanced,
                "Debits must equal credits in each currency: " + string.Join(", ", unbalanced.Select(c => c.Difference > 0
                    ? $"in {c.Currency} debits exceed credits by {Currencies.Format(c.Difference, c.Currency)}"
                    : $"in {c.Currency} credits exceed debits by {Currencies.Format(-c.Difference, c.Currency)}"))
                + ". A conversion goes through the FX conversion account of each currency.", "lines");
        }

        foreach (var account in toOpen)
        {
            OpenAccount(account, now);
        }

        IReadOnlyList<EntryLine> lines = [.. draft.Lines.Select((l, j) => new EntryLine(accounts[j].Id, l.Side, l.Amount, l.Currency, l.Functional, l.Valuation))];
        var before = State.Accounts;
        var effectiveAt = draft.EffectiveAt ?? now;
        if (draft.HoldFor is null && Rates is { } rates)
        {
            lines = FunctionalValuation.Value(State, lines, [.. draft.Lines.Select(l => l.Functional)], effectiveAt, rates);
        }

        if (draft.HoldFor is { } holdFor)
        {
            Apply(new EntryHeld(Id, draft.Id, draft.Description, draft.Cause, lines, effectiveAt, now, fingerprint, batchId, now + holdFor));
        }
        else
        {
            Apply(new EntryPosted(Id, draft.Id, draft.Description, draft.Cause, lines, effectiveAt, now, fingerprint, reverses, batchId));
        }

        for (var j = 0; j < lines.Count; j++)
        {
            var after = State.Accounts[lines[j].AccountId];
            if (after.Overdrawn)
            {
                var was = before.TryGetValue(after.Id, out var b) ? b : after with { PostedDebits = 0, PostedCredits = 0, PendingDebits = 0, PendingCredits = 0 };
                var takes = lines.Where(l => l.AccountId == after.Id && l.Side == (after.CreditsMustNotExceedDebits ? EntrySide.Credit : EntrySide.Debit)).Sum(l => l.Amount);
                throw new LedgerRuleException(LedgerErrors.Overdraft,
                    $"Account {after.Code} ({after.Name}) may not be overdrawn: {Currencies.Format(Math.Max(0, was.Available), after.Currency)} {after.Currency} is available, this entry takes {Currencies.Format(takes, after.Currency)} {after.Currency}.",
                    $"lines[{j}]", after.Code);
            }
        }
    }

    private LedgerAccount Resolve(LineDraft line, List<LedgerAccount> toOpen)
    {
        if (!Currencies.IsKnown(line.Currency))
        {
            throw new LedgerRuleException(LedgerErrors.CurrencyUnknown, $"'{line.Currency}' is not an ISO 4217 currency WellWon books.", "currency");
        }

        if (line.Amount < 0 || (line.Amount == 0 && !line.Valuation))
        {
            throw new LedgerRuleException(LedgerErrors.AmountInvalid, "A line's amount is more than 0; the side says which way it goes.", "amount");
        }

        if (Currencies.Round(line.Amount, line.Currency) != line.Amount)
        {
            throw new LedgerRuleException(LedgerErrors.AmountPrecision, $"{line.Currency} amounts have {Currencies.MinorUnitsOf(line.Currency)} decimals at most.", "amount");
        }

        LedgerAccount? account;
        if (line.SupplierId is { } supplierId)
        {
            if (!string.Equals(line.Account, ChartOfAccounts.Payables, StringComparison.Ordinal))
            {
                throw new LedgerRuleException(LedgerErrors.AccountUnknown, $"A supplier names a payable: use account {ChartOfAccounts.Payables} with supplierId.", "supplierId");
            }

            var code = ChartOfAccounts.PayableOf(supplierId, line.Currency);
            account = State.Find(code) ?? toOpen.Find(a => a.Code == code);
            if (account is null)
            {
                account = ChartOfAccounts.Payable(Id, supplierId, line.Currency);
                toOpen.Add(account);
            }
        }
        else if (string.Equals(line.Account, ChartOfAccounts.Payables, StringComparison.Ordinal))
        {
            throw new LedgerRuleException(LedgerErrors.SupplierRequired, "Payables are kept per supplier: give the supplierId.", "supplierId");
        }
        else
        {
            account = Guid.TryParse(line.Account, out var id)
                ? State.Accounts.GetValueOrDefault(id)
                : State.Find(line.Account);
        }

        if (account is null)
        {
            throw new LedgerRuleException(LedgerErrors.AccountUnknown, $"The ledger has no account '{line.Account}'.", "account", line.Account);
        }

        return string.Equals(account.Currency, line.Currency, StringComparison.Ordinal)
            ? account
            : throw new LedgerRuleException(LedgerErrors.CurrencyMismatch,
                $"Account {account.Code} is kept in {account.Currency}; a line carries the account's own currency ({line.Currency} was given).", "currency", account.Code);
    }

    private void OpenAccount(LedgerAccount a, DateTimeOffset now) =>
        Apply(new AccountOpened(Id, a.Id, a.Code, a.Name, a.Type, a.Currency, a.DebitsMustNotExceedCredits, a.CreditsMustNotExceedDebits, a.PartyId, a.ShipmentId, now));

    private void RequireOpened()
    {
        if (!State.Opened)
        {
            throw LedgerErrors.LedgerNotOpened(Id);
        }
    }
}
