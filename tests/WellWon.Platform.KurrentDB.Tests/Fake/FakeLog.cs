using Google.Protobuf;

namespace WellWon.Platform.KurrentDB.Tests.Fake;

/// <summary>One record of the fake's transaction log, as KurrentDB would hold it.</summary>
internal sealed record FakeRecord(
    string Stream,
    long Revision,
    Guid Id,
    string Type,
    string ContentType,
    ByteString Data,
    ByteString CustomMetadata,
    ulong Commit,
    ulong Prepare,
    long CreatedTicks)
{
    public (ulong Commit, ulong Prepare) Position => (Commit, Prepare);
}

/// <summary>What an append asked for: the expected state of the stream and the events.</summary>
internal sealed record FakeAppend(string Stream, FakeExpected Expected, IReadOnlyList<FakeProposed> Events);

internal sealed record FakeProposed(Guid Id, string Type, string ContentType, ByteString Data, ByteString CustomMetadata);

/// <summary>KurrentDB's expected stream revision: any, no stream, stream exists, or an exact revision.</summary>
internal readonly record struct FakeExpected(string Kind, ulong Revision = 0)
{
    public static FakeExpected Any => new("any");

    public static FakeExpected NoStream => new("no_stream");

    public static FakeExpected Exists => new("stream_exists");

    public static FakeExpected Exactly(ulong revision) => new("revision", revision);
}

/// <summary>The outcome of an append: success (last revision, position of the last event, or none for a recognised retry) or a conflict.</summary>
internal sealed record FakeAppendOutcome(bool Success, long CurrentRevision, (ulong Commit, ulong Prepare)? Position);

/// <summary>
/// The fake server's log, in memory and thread-safe. Positions follow KurrentDB's shape: every record has a prepare position
/// (its byte offset, growing with its size) and the commit position of its write (shared by all events of one append, taken
/// from the write's first record), so (commit, prepare) orders the whole log. The figures are the fake's own; only the order
/// and the "positions are not sequence numbers" property follow the real server.
/// </summary>
internal sealed class FakeLog
{
    private readonly Lock _gate = new();
    private readonly List<FakeRecord> _all = [];
    private readonly Dictionary<string, List<FakeRecord>> _streams = new(StringComparer.Ordinal);
    private ulong _next = 1_024;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count
    {
        get { lock (_gate) { return _all.Count; } }
    }

    /// <summary>Completes at the next append (take it before reading, so an append in between is never missed).</summary>
    public Task Changed
    {
        get { lock (_gate) { return _changed.Task; } }
    }

    public IReadOnlyList<FakeRecord> Snapshot()
    {
        lock (_gate)
        {
            return [.. _all];
        }
    }

    public IReadOnlyList<FakeRecord>? Stream(string stream)
    {
        lock (_gate)
        {
            return _streams.TryGetValue(stream, out var records) ? [.. records] : null;
        }
    }

    /// <summary>Appends atomically with KurrentDB's rules: expected revision, and a retry recognised by its event ids.</summary>
    public FakeAppendOutcome Append(FakeAppend append)
    {
        TaskCompletionSource changed;
        FakeAppendOutcome outcome;
        lock (_gate)
        {
            var records = _streams.TryGetValue(append.Stream, out var existing) ? existing : null;
            var current = records is null ? -1L : records[^1].Revision;
            if (Retried(append, records) is { } recognised)
            {
                return recognised;
            }

            var ok = append.Expected.Kind switch
            {
                "any" => true,
                "no_stream" => current == -1,
                "stream_exists" => current >= 0,
                _ => current == (long)append.Expected.Revision,
            };
            if (!ok)
            {
                return new FakeAppendOutcome(false, current, null);
            }

            if (append.Events.Count == 0)
            {
                return new FakeAppendOutcome(true, current, null);
            }

            records ??= _streams[append.Stream] = [];
            var commit = _next;
            foreach (var e in append.Events)
            {
                var record = new FakeRecord(append.Stream, ++current, e.Id, e.Type, e.ContentType, e.Data, e.CustomMetadata, commit, _next, DateTimeOffset.UtcNow.Ticks - DateTimeOffset.UnixEpoch.Ticks);
                _next += 128 + (ulong)e.Data.Length + (ulong)e.CustomMetadata.Length;
                records.Add(record);
                _all.Add(record);
            }

            outcome = new FakeAppendOutcome(true, current, records[^1].Position);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
        return outcome;
    }

    /// <summary>
    /// KurrentDB's idempotence: the same event ids at the versions the expected revision points to (or, for "any", anywhere in
    /// the stream in the same order) answer with the original result and write nothing.
    /// </summary>
    private static FakeAppendOutcome? Retried(FakeAppend append, List<FakeRecord>? records)
    {
        if (records is null || append.Events.Count == 0)
        {
            return null;
        }

        var first = append.Expected.Kind switch
        {
            "no_stream" => 0,
            "revision" => (int)append.Expected.Revision + 1,
            _ => records.FindIndex(r => r.Id == append.Events[0].Id),
        };
        if (first < 0 || first + append.Events.Count > records.Count)
        {
            return null;
        }

        for (var i = 0; i < append.Events.Count; i++)
        {
            if (records[first + i].Id != append.Events[i].Id)
            {
                return null;
            }
        }

        return new FakeAppendOutcome(true, records[first + append.Events.Count - 1].Revision, null);
    }
}
