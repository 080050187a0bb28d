using System.Text.Json;
using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Platform.Kernel;
using static WellWon.Finance.Tests.Domain.LedgerFixture;

namespace WellWon.Finance.Tests.Domain;

public sealed class IdempotencyAndReversalTests
{
    [Fact]
    public void A_retried_entry_with_the_same_id_and_data_answers_the_original_and_records_nothing()
    {
        var ledger = Funded(1_000m);
        var id = Guid.NewGuid();
        var first = ledger.Post([Entry(id, Dr("5510.RUB", 100m), Cr("1010.RUB", 100m))], Now);
        ledger = Reloaded(ledger);

        // 100 and 100.00 are the same amount.
        var retry = ledger.Post([Entry(id, Dr("5510.RUB", 100.00m), Cr("1010.RUB", 100m))], Now.AddMinutes(5));

        Assert.True(retry.Replayed);
        Assert.Empty(ledger.Changes);
        Assert.Equal(first.Entries[0], retry.Entries[0]);
        Assert.Equal(900m, ledger.Account("1010.RUB").Posted);
    }

    [Fact]
    public void The_same_id_with_other_data_is_refused_as_a_conflict()
    {
        var ledger = Funded(1_000m);
        var id = Guid.NewGuid();
        ledger.Post([Entry(id, Dr("5510.RUB", 100m), Cr("1010.RUB", 100m))], Now);

        var refused = Refused(() => ledger.Post([Entry(id, Dr("5510.RUB", 101m), Cr("1010.RUB", 101m))], Now));
        Assert.Equal((LedgerErrors.IdReused, 409, "entries[0].id"), (refused.Code, refused.Status, refused.Field));

        // A request that carries an entry posted before with new ones is not a retry of either.
        var mixed = Refused(() => ledger.Post([Entry(Dr("5510.RUB", 1m), Cr("1010.RUB", 1m)), Entry(id, Dr("5510.RUB", 100m), Cr("1010.RUB", 100m))], Now));
        Assert.Equal((LedgerErrors.IdReused, 409, "entries[1].id"), (mixed.Code, mixed.Status, mixed.Field));
    }

    [Fact]
    public void A_correction_is_a_reversal_linked_to_the_original_which_never_changes_and_is_reversed_once()
    {
        var ledger = Funded(1_000m);
        var original = Guid.NewGuid();
        ledger.Post([new EntryDraft(original, "Bank fee", "statement-118", [Dr("5510.RUB", 250m), Cr("1010.RUB", 250m)])], Now);
        var reversalId = Guid.NewGuid();

        var reversal = ledger.Reverse(original, reversalId, "Fee refunded", Now.AddHours(1)).Entry;

        Assert.Equal((original, "statement-118", EntryStatus.Posted), (reversal.Reverses, reversal.Cause, reversal.Status));
        Assert.Equal([EntrySide.Credit, EntrySide.Debit], reversal.Lines.Select(l => l.Side));
        Assert.Equal(reversalId, ledger.State.Entries[original].ReversedBy);
        Assert.Equal(250m, ledger.State.Entries[original].Lines[0].Amount);
        Assert.Equal((1_000m, 0m), (ledger.Account("1010.RUB").Posted, ledger.Account("5510.RUB").Posted));

        Assert.True(ledger.Reverse(original, reversalId, "Fee refunded", Now.AddHours(2)).Replayed);
        Assert.Equal(LedgerErrors.AlreadyReversed, Refused(() => ledger.Reverse(original, Guid.NewGuid(), null, Now)).Code);
        Assert.Equal(LedgerErrors.IdReused, Refused(() => ledger.Reverse(original, reversalId, "another text", Now)).Code);
    }

    [Fact]
    public void A_reversal_that_would_overdraw_is_refused_like_any_entry()
    {
        var ledger = Opened();
        var deposit = Guid.NewGuid();
        ledger.Post([Entry(deposit, Dr("1010.RUB", 500m), Cr("3010.RUB", 500m))], Now);
        ledger.Post([Entry(Dr("5510.RUB", 400m), Cr("1010.RUB", 400m))], Now);

        var refused = Refused(() => ledger.Reverse(deposit, Guid.NewGuid(), null, Now));
        Assert.Equal((LedgerErrors.Overdraft, "1010.RUB"), (refused.Code, refused.Account));
    }

    [Fact]
    public void The_state_survives_a_snapshot_round_trip()
    {
        var ledger = Funded(1_000m, "USD");
        ledger.Post([new EntryDraft(Guid.NewGuid(), "hold", null, [Dr("1310.USD", 300m, "USD"), Cr("1010.USD", 300m, "USD")], HoldFor: TimeSpan.FromHours(1))], Now);
        ledger.Post([Entry(Dr("1310.USD", 100m, "USD"), new LineDraft("2110", EntrySide.Credit, 100m, "USD", Guid.NewGuid()))], Now);

        var json = JsonSerializer.SerializeToElement(ledger.State, EventTypeRegistry.JsonOptions);
        var restored = json.Deserialize<LedgerState>(EventTypeRegistry.JsonOptions)!;

        Assert.Equal(ledger.State.Accounts.OrderBy(a => a.Key), restored.Accounts.OrderBy(a => a.Key));
        Assert.Equal(ledger.State.Codes.OrderBy(a => a.Key), restored.Codes.OrderBy(a => a.Key));
        Assert.Equal(ledger.State.Holds, restored.Holds);
        Assert.Equal(ledger.State.Entries.Keys.Order(), restored.Entries.Keys.Order());
        Assert.True(restored.Opened);
        var hold = ledger.State.Holds.Keys.Single();
        var after = restored.When(new HeldEntryVoided(Company, hold, ledger.State.Entries[hold].Lines, false, Now));
        Assert.Equal(1_000m, after.Find("1010.USD")!.Available);
    }
}
