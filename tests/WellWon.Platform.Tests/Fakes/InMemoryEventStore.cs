using System.Runtime.CompilerServices;
using WellWon.Platform.EventStore;

namespace WellWon.Platform.Tests.Fakes;

/// <summary>An event store in memory with the port's semantics (expected version, retry detection, commit order), for unit tests.</summary>
public sealed class InMemoryEventStore : IEventStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<RecordedEvent>> _streams = new(StringComparer.Ordinal);
    private readonly List<RecordedEvent> _all = [];
    private ulong _transactionId;

    /// <summary>Every ReadStreamAsync call: which stream, from which version.</summary>
    public List<(string StreamId, long FromVersion)> Reads { get; } = [];

    /// <summary>Runs inside AppendAsync before the version check, to let a test slip a competing write in.</summary>
    public Func<string, Task>? BeforeAppend { get; set; }

    public async Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        if (BeforeAppend is { } hook)
        {
            BeforeAppend = null;
            await hook(streamId);
        }

        lock (_gate)
        {
            _streams.TryGetValue(streamId, out var stream);
            long? actual = stream is null ? null : stream.Count - 1;

            var firstVersion = expected.IsAny ? (actual ?? -1) + 1 : expected.Value + 1;
            if (stream is not null && events.Count > 0 && firstVersion + events.Count - 1 <= actual
                && events.Select((e, i) => stream[(int)(firstVersion + i)].EventId == e.EventId).All(same => same))
            {
                var last = stream[(int)(firstVersion + events.Count - 1)];
                return new AppendResult(last.StreamVersion, last.GlobalPosition);
            }

            var ok = expected.IsAny || (expected == ExpectedVersion.NoStream ? actual is null : actual == expected.Value);
            if (!ok)
            {
                throw new WrongExpectedVersionException(streamId, expected, actual);
            }

            stream ??= _streams[streamId] = [];
            var tx = ++_transactionId;
            foreach (var e in events)
            {
                var recorded = new RecordedEvent(_all.Count + 1, streamId, stream.Count, e.EventId, e.EventType, e.Data, e.Metadata, DateTimeOffset.UtcNow, tx);
                stream.Add(recorded);
                _all.Add(recorded);
            }

            return new AppendResult(stream.Count - 1, _all.Count);
        }
    }

    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string streamId, long fromVersion, ReadDirection direction, int maxCount, [EnumeratorCancellation] CancellationToken ct)
    {
        RecordedEvent[] page;
        lock (_gate)
        {
            Reads.Add((streamId, fromVersion));
            var stream = _streams.GetValueOrDefault(streamId) ?? [];
            page = direction == ReadDirection.Forwards
                ? [.. stream.Where(e => e.StreamVersion >= fromVersion).Take(maxCount)]
                : [.. stream.Where(e => e.StreamVersion <= fromVersion).Reverse().Take(maxCount)];
        }

        foreach (var e in page)
        {
            ct.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return e;
        }
    }

    public Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(LogPosition after, int maxCount, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<RecordedEvent>>([.. _all.Where(e => e.LogPosition > after).OrderBy(e => e.LogPosition).Take(maxCount)]);
        }
    }

    public Task<long?> GetStreamVersionAsync(string streamId, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult(_streams.TryGetValue(streamId, out var stream) ? (long?)(stream.Count - 1) : null);
        }
    }

    public IReadOnlyList<RecordedEvent> Stream(string streamId)
    {
        lock (_gate)
        {
            return [.. _streams.GetValueOrDefault(streamId) ?? []];
        }
    }
}
