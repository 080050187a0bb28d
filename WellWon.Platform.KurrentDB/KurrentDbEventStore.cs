using System.Diagnostics;
using System.Runtime.CompilerServices;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using WellWon.Platform.EventStore;
using WellWon.Platform.EventStore.Postgres;
using WellWon.Platform.KurrentDB.Protocol;
using ReadOptions = WellWon.Platform.KurrentDB.Protocol.ReadReq.Types.Options;

namespace WellWon.Platform.KurrentDB;

/// <summary>
/// The event store on KurrentDB, through its public gRPC streams protocol. An append is one client-streamed call (options,
/// then the events), atomic on the server; a conflict arrives in the response body and becomes the same
/// <see cref="WrongExpectedVersionException"/> the PostgreSQL store throws; a retried append (same event ids at the same
/// versions) is recognised by the server and answered with the original result. The whole log is <c>$all</c>, which
/// KurrentDB totally orders by (commit, prepare) position: a reader never has to wait for or step around a slower writer,
/// so ARCHITECTURE.md's "never skip" rule holds by construction. KurrentDB's own system events ('$' types) are filtered out.
/// </summary>
public sealed partial class KurrentDbEventStore(
    KurrentDbConnection connection,
    EventStoreTelemetry telemetry,
    ILogger<KurrentDbEventStore> logger) : IEventStore
{
    // A call that fails because the node went away or is a follower runs once more on the node chosen next;
    // an append can: the server recognises the same event ids at the same versions as a retry.
    private const int MaxAttempts = 2;

    public async Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        Validate(streamId, expected, events);
        var category = EventStoreTelemetry.CategoryOf(streamId);
        using var activity = EventStoreTelemetry.ActivitySource.StartActivity($"event-store append {category}", ActivityKind.Client);
        activity?.SetTag("db.system.name", "kurrentdb");
        activity?.SetTag("wellwon.stream.id", streamId);
        activity?.SetTag("wellwon.stream.category", category);
        activity?.SetTag("wellwon.expected_version", expected.ToString());
        activity?.SetTag("wellwon.event.count", events.Count);

        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var (result, recognised) = events.Count == 0
                ? (await CheckEmptyAppendAsync(streamId, expected, ct), false)
                : await WithNodeAsync(node => AppendOnceAsync(node, streamId, expected, events, ct), streamId, expected, ct);
            outcome = recognised ? "retry-recognised" : "appended";
            activity?.SetTag("wellwon.stream.version", result.NextExpectedVersion);
            activity?.SetTag("wellwon.global_position", result.LastGlobalPosition);
            return result;
        }
        catch (WrongExpectedVersionException e)
        {
            outcome = "wrong-expected-version";
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            activity?.SetTag("error.type", e.GetType().FullName);
            throw;
        }
        finally
        {
            activity?.SetTag("wellwon.outcome", outcome);
            telemetry.AppendDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("wellwon.stream.category", category),
                new KeyValuePair<string, object?>("wellwon.outcome", outcome));
        }
    }

    /// <summary>
    /// Events read from a stream carry no log position: KurrentDB serves stream reads from its stream index, which does not hold
    /// one, so <see cref="RecordedEvent.GlobalPosition"/> is -1 and <see cref="RecordedEvent.TransactionId"/> 0 here. Events read
    /// through <see cref="ReadAllAsync"/> or a subscription carry their real positions.
    /// </summary>
    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(
        string streamId,
        long fromVersion,
        ReadDirection direction,
        int maxCount,
        [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        if (direction == ReadDirection.Backwards && fromVersion < 0)
        {
            yield break;
        }

        var stream = new ReadOptions.Types.StreamOptions { StreamIdentifier = KurrentDbWire.Stream(streamId) };
        if (direction == ReadDirection.Backwards && fromVersion == long.MaxValue)
        {
            stream.End = new Empty();
        }
        else
        {
            stream.Revision = (ulong)Math.Max(0, fromVersion);
        }

        var request = Request(new ReadOptions
        {
            Stream = stream,
            ReadDirection = direction == ReadDirection.Forwards ? ReadOptions.Types.ReadDirection.Forwards : ReadOptions.Types.ReadDirection.Backwards,
            Count = (ulong)maxCount,
            NoFilter = new Empty(),
        });

        await foreach (var response in ReadAsync(request, streamId, ct))
        {
            switch (response.ContentCase)
            {
                case ReadResp.ContentOneofCase.Event:
                    yield return KurrentDbWire.ToRecorded(response.Event.Event);
                    break;
                case ReadResp.ContentOneofCase.StreamNotFound:
                    yield break;
            }
        }
    }

    /// <summary>
    /// The next events of <c>$all</c> after <paramref name="after"/>, in KurrentDB's total order, without system events.
    /// <see cref="RecordedEvent.TransactionId"/> is the commit position and <see cref="RecordedEvent.GlobalPosition"/> the prepare position.
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(LogPosition after, int maxCount, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var request = Request(new ReadOptions
        {
            All = KurrentDbWire.From(after),
            ReadDirection = ReadOptions.Types.ReadDirection.Forwards,
            // A read from a position includes the event at that position, which the caller has already seen.
            Count = (ulong)maxCount + 1,
            Filter = NonSystemEvents((uint)Math.Clamp(maxCount, 32, 1000), checkpointEvery: 1),
        });

        var events = new List<RecordedEvent>(Math.Min(maxCount, 1024));
        await foreach (var response in ReadAsync(request, streamId: null, ct))
        {
            if (response.ContentCase != ReadResp.ContentOneofCase.Event)
            {
                continue;
            }

            var e = KurrentDbWire.ToRecorded(response.Event.Event);
            if ((after == LogPosition.Start || e.LogPosition > after) && events.Count < maxCount)
            {
                events.Add(e);
            }
        }

        return events;
    }

    public async Task<long?> GetStreamVersionAsync(string streamId, CancellationToken ct)
    {
        await foreach (var e in ReadStreamAsync(streamId, long.MaxValue, ReadDirection.Backwards, 1, ct))
        {
            return e.StreamVersion;
        }

        return null;
    }

    /// <summary>The position of the last record of <c>$all</c> (system events included), or <see cref="LogPosition.Start"/> for an empty log.</summary>
    public async Task<LogPosition> GetHeadAsync(CancellationToken ct)
    {
        var request = Request(new ReadOptions
        {
            All = new ReadOptions.Types.AllOptions { End = new Empty() },
            ReadDirection = ReadOptions.Types.ReadDirection.Backwards,
            Count = 1,
            NoFilter = new Empty(),
        });

        await foreach (var response in ReadAsync(request, streamId: null, ct))
        {
            if (response.ContentCase == ReadResp.ContentOneofCase.Event)
            {
                var e = response.Event.Event;
                return KurrentDbWire.ToLogPosition(e.CommitPosition, e.PreparePosition);
            }
        }

        return LogPosition.Start;
    }

    /// <summary>Only events whose type does not start with '$'; with a checkpoint every <paramref name="checkpointEvery"/> search windows.</summary>
    internal static ReadOptions.Types.FilterOptions NonSystemEvents(uint window, uint checkpointEvery) => new()
    {
        EventType = new ReadOptions.Types.FilterOptions.Types.Expression { Regex = KurrentDbWire.NonSystemEventTypes },
        Max = window,
        CheckpointIntervalMultiplier = checkpointEvery,
    };

    /// <summary>Every read asks for string UUIDs (the server refuses a read without a UUID option).</summary>
    internal static ReadReq Request(ReadOptions options)
    {
        options.UuidOption = new ReadOptions.Types.UUIDOption { String = new Empty() };
        return new ReadReq { Options = options };
    }

    private async Task<(AppendResult Result, bool Recognised)> AppendOnceAsync(KurrentDbNode node, string streamId, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        var options = new AppendReq.Types.Options { StreamIdentifier = KurrentDbWire.Stream(streamId) };
        switch (expected.Value)
        {
            case -2:
                options.Any = new Empty();
                break;
            case -1:
                options.NoStream = new Empty();
                break;
            default:
                options.Revision = (ulong)expected.Value;
                break;
        }

        using var call = node.Client.Append(connection.CallOptions(ct));
        await call.RequestStream.WriteAsync(new AppendReq { Options = options }, ct);
        foreach (var e in events)
        {
            await call.RequestStream.WriteAsync(new AppendReq { ProposedMessage = KurrentDbWire.Proposed(e) }, ct);
        }

        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        switch (response.ResultCase)
        {
            case AppendResp.ResultOneofCase.Success:
                var success = response.Success;
                var version = success.CurrentRevisionOptionCase == AppendResp.Types.Success.CurrentRevisionOptionOneofCase.CurrentRevision
                    ? (long)success.CurrentRevision
                    : -1;
                // A retry the server recognised may come back without a position (it wrote nothing).
                var position = success.PositionOptionCase == AppendResp.Types.Success.PositionOptionOneofCase.Position
                    ? (long)success.Position.PreparePosition
                    : -1;
                if (position < 0)
                {
                    LogRetryRecognised(streamId, version);
                }

                return (new AppendResult(version, position), position < 0);
            case AppendResp.ResultOneofCase.WrongExpectedVersion:
                var conflict = response.WrongExpectedVersion;
                long? actual = conflict.CurrentRevisionOptionCase == AppendResp.Types.WrongExpectedVersion.CurrentRevisionOptionOneofCase.CurrentRevision
                    ? (long)conflict.CurrentRevision
                    : null;
                throw new WrongExpectedVersionException(streamId, expected, actual);
            default:
                throw new KurrentDbException(KurrentDbError.Unknown, $"KurrentDB answered the append to '{streamId}' with neither success nor a conflict.");
        }
    }

    private async Task<AppendResult> CheckEmptyAppendAsync(string streamId, ExpectedVersion expected, CancellationToken ct)
    {
        var version = await GetStreamVersionAsync(streamId, ct);
        if (!expected.IsAny && expected.Value != (version ?? -1))
        {
            throw new WrongExpectedVersionException(streamId, expected, version);
        }

        return new AppendResult(version ?? -1, -1);
    }

    /// <summary>Runs a unary call on the chosen node; a node that went away or is a follower gets one more attempt elsewhere.</summary>
    private async Task<T> WithNodeAsync<T>(Func<KurrentDbNode, Task<T>> call, string? streamId, ExpectedVersion? expected, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var node = await connection.GetNodeAsync(ct);
            try
            {
                return await call(node);
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                var failure = KurrentDbErrors.Map(e, streamId, expected);
                connection.OnFailure(node, failure);
                if (attempt >= MaxAttempts || failure is not KurrentDbException { Error: KurrentDbError.Unavailable or KurrentDbError.NotLeader })
                {
                    throw failure;
                }

                LogRetryingElsewhere(failure.Message);
            }
        }
    }

    /// <summary>The responses of one read; a node that fails before the first response gets one more attempt elsewhere.</summary>
    private async IAsyncEnumerable<ReadResp> ReadAsync(ReadReq request, string? streamId, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var node = await connection.GetNodeAsync(ct);
            using var call = node.Client.Read(request, connection.CallOptions(ct));
            var received = false;
            Exception failure;
            while (true)
            {
                ReadResp response;
                try
                {
                    if (!await call.ResponseStream.MoveNext(ct))
                    {
                        yield break;
                    }

                    response = call.ResponseStream.Current;
                }
                catch (Exception e) when (e is RpcException or OperationCanceledException && !ct.IsCancellationRequested)
                {
                    failure = KurrentDbErrors.Map(e, streamId);
                    connection.OnFailure(node, failure);
                    break;
                }

                received = true;
                yield return response;
            }

            if (failure is KurrentDbException { Error: KurrentDbError.StreamNotFound } && streamId is not null)
            {
                // Some servers say "no such stream" as a status instead of a message; either way the stream is empty.
                yield break;
            }

            if (received || attempt >= MaxAttempts || failure is not KurrentDbException { Error: KurrentDbError.Unavailable or KurrentDbError.NotLeader })
            {
                throw failure;
            }

            LogRetryingElsewhere(failure.Message);
        }
    }

    private static void Validate(string streamId, ExpectedVersion expected, IReadOnlyList<EventData> events)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfLessThan(expected.Value, -2, nameof(expected));
        if (events.Select(e => e.EventId).Distinct().Count() != events.Count)
        {
            throw new ArgumentException("An append carries each event id once.", nameof(events));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Append to {StreamId} recognised by KurrentDB as a retry of one already stored at version {Version}")]
    private partial void LogRetryRecognised(string streamId, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KurrentDB call failed ({Reason}); trying once more on the node chosen next")]
    private partial void LogRetryingElsewhere(string reason);
}
