using Confluent.Kafka;

namespace WellWon.Platform.Messaging.Kafka;

/// <summary>
/// Commit-after-success bookkeeping for one consumer. Kafka commits a position per partition ("everything before this offset is
/// done"), so a partition's committable position is its lowest offset still fetched-but-not-finished, or one past the highest finished
/// one when none is pending: the commit never passes a message whose handler has not succeeded (or dead-lettered it).
/// Rebalances: <see cref="Revoke"/> hands back the final positions to commit for partitions leaving in good order; <see cref="Lose"/>
/// forgets partitions that may already belong to another consumer, committing nothing. A partition's <see cref="PartitionLedger"/>
/// belongs to one assignment: a late <see cref="PartitionLedger.Finished"/> from a worker of an earlier assignment changes nothing.
/// Thread-safe: the poll loop reads it while partition workers write it.
/// </summary>
public sealed class OffsetLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TopicPartition, PartitionLedger> _partitions = [];

    public PartitionLedger Assign(TopicPartition partition)
    {
        lock (_gate)
        {
            if (_partitions.TryGetValue(partition, out var old))
            {
                old.Detach();
            }

            var ledger = new PartitionLedger(partition, _gate);
            _partitions[partition] = ledger;
            return ledger;
        }
    }

    /// <summary>Positions that moved since they were last committed; pass them to <see cref="Committed"/> once the commit succeeded.</summary>
    public IReadOnlyList<TopicPartitionOffset> Committable()
    {
        lock (_gate)
        {
            return [.. _partitions.Values.Select(p => p.CommitCandidate()).OfType<TopicPartitionOffset>()];
        }
    }

    public void Committed(IEnumerable<TopicPartitionOffset> offsets)
    {
        lock (_gate)
        {
            foreach (var offset in offsets)
            {
                if (_partitions.TryGetValue(offset.TopicPartition, out var ledger))
                {
                    ledger.MarkCommitted(offset.Offset.Value);
                }
            }
        }
    }

    /// <summary>Forgets the partitions and returns the last positions to commit for them (those not committed yet).</summary>
    public IReadOnlyList<TopicPartitionOffset> Revoke(IEnumerable<TopicPartition> partitions)
    {
        lock (_gate)
        {
            var final = new List<TopicPartitionOffset>();
            foreach (var partition in partitions)
            {
                if (_partitions.Remove(partition, out var ledger))
                {
                    if (ledger.CommitCandidate() is { } offset)
                    {
                        final.Add(offset);
                    }

                    ledger.Detach();
                }
            }

            return final;
        }
    }

    /// <summary>Forgets the partitions without committing: another consumer may own them already.</summary>
    public void Lose(IEnumerable<TopicPartition> partitions)
    {
        lock (_gate)
        {
            foreach (var partition in partitions)
            {
                if (_partitions.Remove(partition, out var ledger))
                {
                    ledger.Detach();
                }
            }
        }
    }

    public IReadOnlyCollection<TopicPartition> Assigned
    {
        get
        {
            lock (_gate)
            {
                return [.. _partitions.Keys];
            }
        }
    }
}

/// <summary>One partition's offsets during one assignment: fetched ones in flight, the highest finished, the last committed.</summary>
public sealed class PartitionLedger
{
    private readonly Lock _gate;
    private readonly SortedSet<long> _inFlight = [];
    private long _highestFinished = -1;
    private long _committed = -1;
    private bool _detached;

    internal PartitionLedger(TopicPartition partition, Lock gate) => (Partition, _gate) = (partition, gate);

    public TopicPartition Partition { get; }

    /// <summary>Messages fetched and not finished yet (waiting or being handled).</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>The message at <paramref name="offset"/> was fetched and will be handled.</summary>
    public void Fetched(long offset)
    {
        lock (_gate)
        {
            if (!_detached)
            {
                _inFlight.Add(offset);
            }
        }
    }

    /// <summary>The handler succeeded, or the message is safely in the dead-letter topic: its offset may be committed.</summary>
    public void Finished(long offset)
    {
        lock (_gate)
        {
            if (_detached || !_inFlight.Remove(offset))
            {
                return;
            }

            _highestFinished = Math.Max(_highestFinished, offset);
        }
    }

    internal TopicPartitionOffset? CommitCandidate()
    {
        if (_highestFinished < 0)
        {
            return null;
        }

        // Everything below the first unfinished offset is done; with nothing pending, everything up to the highest finished one.
        var position = _inFlight.Count > 0 ? _inFlight.Min : _highestFinished + 1;
        return position > _committed ? new TopicPartitionOffset(Partition, new Offset(position)) : null;
    }

    internal void MarkCommitted(long position) => _committed = Math.Max(_committed, position);

    internal void Detach() => _detached = true;
}
