using Confluent.Kafka;
using WellWon.Platform.Messaging.Kafka;

namespace WellWon.Platform.Kafka.Tests;

/// <summary>Commit after success, and what a rebalance may commit: never past a message whose handler has not finished.</summary>
public sealed class OffsetLedgerTests
{
    private static readonly TopicPartition P0 = new("wellwon.chat", 0);
    private static readonly TopicPartition P1 = new("wellwon.chat", 1);

    [Fact]
    public void Nothing_is_committable_before_a_handler_finished()
    {
        var ledger = new OffsetLedger();
        var p0 = ledger.Assign(P0);
        p0.Fetched(10);
        p0.Fetched(11);

        Assert.Empty(ledger.Committable());
    }

    [Fact]
    public void A_finished_message_is_committed_as_the_position_after_it()
    {
        var ledger = new OffsetLedger();
        var p0 = ledger.Assign(P0);
        p0.Fetched(10);
        p0.Fetched(11);
        p0.Finished(10);

        Assert.Equal([new TopicPartitionOffset(P0, 11)], ledger.Committable());
    }

    [Fact]
    public void The_commit_stops_at_the_first_unfinished_message_even_when_later_ones_finished()
    {
        var ledger = new OffsetLedger();
        var p0 = ledger.Assign(P0);
        foreach (var offset in new long[] { 10, 11, 12, 13 })
        {
            p0.Fetched(offset);
        }

        p0.Finished(10);
        p0.Finished(12);
        p0.Finished(13);

        Assert.Equal([new TopicPartitionOffset(P0, 11)], ledger.Committable());
        p0.Finished(11);
        Assert.Equal([new TopicPartitionOffset(P0, 14)], ledger.Committable());
    }

    [Fact]
    public void A_committed_position_is_not_offered_again_until_it_moves()
    {
        var ledger = new OffsetLedger();
        var p0 = ledger.Assign(P0);
        var p1 = ledger.Assign(P1);
        p0.Fetched(0);
        p0.Finished(0);
        p1.Fetched(7);
        p1.Finished(7);

        var first = ledger.Committable();
        ledger.Committed(first);

        Assert.Equal(2, first.Count);
        Assert.Empty(ledger.Committable());
        p1.Fetched(8);
        p1.Finished(8);
        Assert.Equal([new TopicPartitionOffset(P1, 9)], ledger.Committable());
    }

    [Fact]
    public void A_failed_commit_is_offered_again()
    {
        var ledger = new OffsetLedger();
        var p0 = ledger.Assign(P0);
        p0.Fetched(3);
        p0.Finished(3);

        _ = ledger.Committable(); // the commit failed: Committed is not called

        Assert.Equal([new TopicPartitionOffset(P0, 4)], ledger.Committable());
    }

    [Fact]
    public void Revoking_returns_the_final_position_and_abandons_fetched_messages_not_started()
    {
        var ledger = new OffsetLedger();
        var p0 = ledger.Assign(P0);
        var p1 = ledger.Assign(P1);
        foreach (var offset in new long[] { 20, 21, 22 })
        {
            p0.Fetched(offset);
        }

        p0.Finished(20);   // 21 was in hand when the partition was revoked; 22 never started
        p1.Fetched(5);
        p1.Finished(5);

        var final = ledger.Revoke([P0]);

        Assert.Equal([new TopicPartitionOffset(P0, 21)], final);
        Assert.Equal([P1], ledger.Assigned);
        Assert.Equal([new TopicPartitionOffset(P1, 6)], ledger.Committable());
    }

    [Fact]
    public void Revoking_a_partition_already_committed_commits_nothing_more()
    {
        var ledger = new OffsetLedger();
        var p0 = ledger.Assign(P0);
        p0.Fetched(1);
        p0.Finished(1);
        ledger.Committed(ledger.Committable());

        Assert.Empty(ledger.Revoke([P0]));
    }

    [Fact]
    public void A_lost_partition_commits_nothing_and_its_late_finish_is_ignored()
    {
        var ledger = new OffsetLedger();
        var p0 = ledger.Assign(P0);
        p0.Fetched(1);

        ledger.Lose([P0]);
        p0.Finished(1);   // the old worker finishes after the partition moved on

        Assert.Empty(ledger.Committable());
        Assert.Empty(ledger.Assigned);
    }

    [Fact]
    public void A_reassigned_partition_starts_a_fresh_ledger_that_the_old_worker_cannot_touch()
    {
        var ledger = new OffsetLedger();
        var before = ledger.Assign(P0);
        before.Fetched(50);
        ledger.Revoke([P0]);

        var after = ledger.Assign(P0);
        after.Fetched(50);
        before.Finished(50);   // late: from the revoked assignment

        Assert.Empty(ledger.Committable());
        Assert.Equal(1, after.InFlight);
        after.Finished(50);
        Assert.Equal([new TopicPartitionOffset(P0, 51)], ledger.Committable());
    }

    [Fact]
    public void Offsets_with_gaps_commit_past_the_highest_finished()
    {
        // Compacted topics and transaction markers leave gaps; the next position is one past the last message.
        var ledger = new OffsetLedger();
        var p0 = ledger.Assign(P0);
        p0.Fetched(100);
        p0.Fetched(105);
        p0.Finished(100);
        p0.Finished(105);

        Assert.Equal([new TopicPartitionOffset(P0, 106)], ledger.Committable());
    }
}
