using System.Collections.Concurrent;

namespace WellWon.Workers.EventProcessor;

/// <summary>
/// The highest global position each projection applied since the last flush, kept in memory and written about once a second
/// (<see cref="ProjectionStateMonitor"/>): it feeds the lag estimate only, so a write per event would cost without buying anything.
/// </summary>
public sealed class ProjectionPositions
{
    private readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.Ordinal);

    public void Applied(string projection, long position) =>
        _pending.AddOrUpdate(projection, position, (_, current) => Math.Max(current, position));

    /// <summary>Takes what is pending; an entry raised meanwhile stays for the next flush.</summary>
    public IReadOnlyCollection<KeyValuePair<string, long>> Drain()
    {
        var taken = _pending.ToArray();
        foreach (var entry in taken)
        {
            _pending.TryRemove(entry);
        }

        return taken;
    }

    /// <summary>Puts back what a failed flush took.</summary>
    public void Restore(IEnumerable<KeyValuePair<string, long>> positions)
    {
        foreach (var (projection, position) in positions)
        {
            Applied(projection, position);
        }
    }
}
