using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using WellWon.Platform.KurrentDB.Protocol;
using Empty = WellWon.Platform.KurrentDB.Protocol.Empty;
using Options = WellWon.Platform.KurrentDB.Protocol.ReadReq.Types.Options;

namespace WellWon.Platform.KurrentDB.Tests.Fake;

/// <summary>
/// The Streams service over <see cref="FakeLog"/>, keeping the server's rules a client depends on (KURRENTDB.md and the server's
/// Streams.Read.cs / Streams.Append.cs): the first append message is the options; each event needs "type" and "content-type"
/// metadata (else InvalidArgument, exception=missing-required-metadata-property); a conflict is a WrongExpectedVersion body;
/// a read needs a UUID option and a filter option, and takes a filter only on $all; a stream read of a missing stream answers
/// stream_not_found; stream reads carry no log position (ulong.MaxValue), $all reads do; a read from a $all position includes
/// the record at it; a subscription confirms, sends only events after its start position, checkpoints every
/// window × multiplier considered records and when it catches up, then says caught_up and goes live.
/// </summary>
internal sealed class FakeStreamsService(FakeState state) : Streams.StreamsBase
{
    private const ulong NoPosition = ulong.MaxValue;

    public override async Task<AppendResp> Append(IAsyncStreamReader<AppendReq> requestStream, ServerCallContext context)
    {
        Enter(context);
        var received = new List<AppendReq>();
        try
        {
            if (!await requestStream.MoveNext() || requestStream.Current.ContentCase != AppendReq.ContentOneofCase.Options)
            {
                throw new RpcException(new Status(StatusCode.Unknown, "The first append message must be the options."));
            }

            var options = requestStream.Current.Options;
            received.Add(requestStream.Current.Clone());
            var proposed = new List<FakeProposed>();
            while (await requestStream.MoveNext())
            {
                var message = requestStream.Current;
                received.Add(message.Clone());
                if (message.ContentCase != AppendReq.ContentOneofCase.ProposedMessage)
                {
                    throw new RpcException(new Status(StatusCode.Unknown, "Every append message after the options must be a proposed message."));
                }

                var p = message.ProposedMessage;
                if (!p.Metadata.TryGetValue("type", out var type) || !p.Metadata.TryGetValue("content-type", out var contentType))
                {
                    throw new RpcException(
                        new Status(StatusCode.InvalidArgument, "Required Metadata Property 'type' is missing"),
                        new Metadata { { "exception", "missing-required-metadata-property" }, { "required-metadata-properties", "type,content-type" } });
                }

                proposed.Add(new FakeProposed(ToGuid(p.Id), type, contentType, p.Data, p.CustomMetadata));
            }

            if (state.Faults.Appends.TryDequeue(out var failure))
            {
                throw failure;
            }

            var stream = options.StreamIdentifier.StreamName.ToStringUtf8();
            var expected = options.ExpectedStreamRevisionCase switch
            {
                AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.Any => FakeExpected.Any,
                AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.NoStream => FakeExpected.NoStream,
                AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.StreamExists => FakeExpected.Exists,
                AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.Revision => FakeExpected.Exactly(options.Revision),
                _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "'None' is not a valid expected stream revision")),
            };

            var outcome = state.Log.Append(new FakeAppend(stream, expected, proposed));
            return outcome.Success ? Success(outcome) : Conflict(options, outcome);
        }
        finally
        {
            state.Appends.Enqueue(received);
        }
    }

    public override async Task Read(ReadReq request, IServerStreamWriter<ReadResp> responseStream, ServerCallContext context)
    {
        Enter(context);
        state.Reads.Enqueue(request.Clone());
        var options = request.Options ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "'options' is a required argument"));
        if (options.UuidOption is null)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "'uuidOption' is a required argument of type UUIDOption"));
        }

        var combination = (options.StreamOptionCase, options.CountOptionCase, options.ReadDirection, options.FilterOptionCase);
        var valid = combination switch
        {
            (Options.StreamOptionOneofCase.Stream, Options.CountOptionOneofCase.Count, _, Options.FilterOptionOneofCase.NoFilter) => true,
            (Options.StreamOptionOneofCase.All, Options.CountOptionOneofCase.Count, _, Options.FilterOptionOneofCase.NoFilter or Options.FilterOptionOneofCase.Filter) => true,
            (Options.StreamOptionOneofCase.All, Options.CountOptionOneofCase.Subscription, Options.Types.ReadDirection.Forwards, _) => true,
            _ => false,
        };
        if (!valid)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"The combination of {combination} is invalid."));
        }

        if (options.CountOptionCase == Options.CountOptionOneofCase.Subscription)
        {
            state.SubscriptionCalls.Enqueue(DateTimeOffset.UtcNow);
            if (state.Faults.Subscriptions.TryDequeue(out var refused))
            {
                throw refused;
            }

            state.ActiveSubscriptions.TryAdd(context, 0);
            try
            {
                await SubscribeAsync(options, responseStream, context);
            }
            finally
            {
                state.ActiveSubscriptions.TryRemove(context, out _);
            }

            return;
        }

        if (state.Faults.Reads.TryDequeue(out var failure))
        {
            throw failure;
        }

        if (options.StreamOptionCase == Options.StreamOptionOneofCase.Stream)
        {
            await ReadStreamAsync(options, responseStream, context.CancellationToken);
        }
        else
        {
            await ReadAllAsync(options, responseStream, context.CancellationToken);
        }
    }

    private void Enter(ServerCallContext context)
    {
        state.Headers.Enqueue(context.RequestHeaders);
        if (state.Faults.Leader is { } leader)
        {
            throw new RpcException(new Status(StatusCode.NotFound, "Leader info available"), new Metadata
            {
                { "exception", "not-leader" },
                { "leader-endpoint-host", leader.Host },
                { "leader-endpoint-port", leader.Port.ToString(CultureInfo.InvariantCulture) },
            });
        }
    }

    private async Task ReadStreamAsync(Options options, IServerStreamWriter<ReadResp> responseStream, CancellationToken ct)
    {
        var name = options.Stream.StreamIdentifier.StreamName.ToStringUtf8();
        var records = state.Log.Stream(name);
        if (records is null)
        {
            await responseStream.WriteAsync(new ReadResp { StreamNotFound = new ReadResp.Types.StreamNotFound { StreamIdentifier = options.Stream.StreamIdentifier } }, ct);
            return;
        }

        IEnumerable<FakeRecord> selected = options.ReadDirection == Options.Types.ReadDirection.Forwards
            ? records.Where(r => options.Stream.RevisionOptionCase != Options.Types.StreamOptions.RevisionOptionOneofCase.Revision || r.Revision >= (long)options.Stream.Revision)
            : records.AsEnumerable().Reverse().Where(r => options.Stream.RevisionOptionCase != Options.Types.StreamOptions.RevisionOptionOneofCase.Revision || r.Revision <= (long)options.Stream.Revision);
        foreach (var record in selected.Take((int)Math.Min(options.Count, int.MaxValue)))
        {
            await responseStream.WriteAsync(Event(record, options.UuidOption, inAll: false), ct);
        }
    }

    private async Task ReadAllAsync(Options options, IServerStreamWriter<ReadResp> responseStream, CancellationToken ct)
    {
        var filter = Filter(options);
        var records = state.Log.Snapshot();
        IEnumerable<FakeRecord> selected = options.ReadDirection == Options.Types.ReadDirection.Forwards
            ? records.Where(r => options.All.AllOptionCase != Options.Types.AllOptions.AllOptionOneofCase.Position || r.Position.CompareTo(Start(options.All.Position)) >= 0)
            : records.AsEnumerable().Reverse().Where(r => options.All.AllOptionCase != Options.Types.AllOptions.AllOptionOneofCase.Position || r.Position.CompareTo(Start(options.All.Position)) <= 0);
        foreach (var record in selected.Where(filter).Take((int)Math.Min(options.Count, int.MaxValue)))
        {
            await responseStream.WriteAsync(Event(record, options.UuidOption, inAll: true), ct);
        }
    }

    private async Task SubscribeAsync(Options options, IServerStreamWriter<ReadResp> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var filter = Filter(options);
        var interval = options.FilterOptionCase == Options.FilterOptionOneofCase.Filter
            ? Math.Max(1, (options.Filter.WindowCase == Options.Types.FilterOptions.WindowOneofCase.Max ? options.Filter.Max : 32) * Math.Max(1, options.Filter.CheckpointIntervalMultiplier))
            : uint.MaxValue;
        state.Faults.Drops.TryDequeue(out var drop);

        // The last position sent on (event or checkpoint): events strictly after it, checkpoints at or after it.
        (ulong Commit, ulong Prepare)? sent = options.All.AllOptionCase == Options.Types.AllOptions.AllOptionOneofCase.Position ? Start(options.All.Position) : null;
        var sentEvents = 0;
        var considered = 0u;
        await responseStream.WriteAsync(new ReadResp { Confirmation = new ReadResp.Types.SubscriptionConfirmation { SubscriptionId = Guid.NewGuid().ToString() } }, ct);
        var caughtUp = false;
        while (true)
        {
            var changed = state.Log.Changed;
            var next = state.Log.Snapshot().Where(r => sent is null || r.Position.CompareTo(sent.Value) > 0).ToList();
            foreach (var record in next)
            {
                considered++;
                if (filter(record))
                {
                    if (drop is not null && sentEvents == drop.AfterEvents)
                    {
                        await DropAsync(drop.Kind, context);
                        return;
                    }

                    await responseStream.WriteAsync(Event(record, options.UuidOption, inAll: true), ct);
                    sentEvents++;
                }

                sent = record.Position;
                if (considered % interval == 0)
                {
                    await responseStream.WriteAsync(Checkpoint(record.Position), ct);
                }
            }

            if (!caughtUp)
            {
                caughtUp = true;
                var response = new ReadResp { CaughtUp = new ReadResp.Types.CaughtUp { Timestamp = Timestamp.FromDateTime(DateTime.UtcNow) } };
                if (sent is { } at)
                {
                    await responseStream.WriteAsync(Checkpoint(at), ct);
                    response.CaughtUp.Position = new ReadResp.Types.Position { CommitPosition = at.Commit, PreparePosition = at.Prepare };
                }

                await responseStream.WriteAsync(response, ct);
            }
            else if (next.Count > 0 && sent is { } live && options.FilterOptionCase == Options.FilterOptionOneofCase.Filter)
            {
                // Live filtered subscriptions also checkpoint what they skipped.
                await responseStream.WriteAsync(Checkpoint(live), ct);
            }

            await changed.WaitAsync(ct);
        }
    }

    private static Task DropAsync(DropKind kind, ServerCallContext context)
    {
        switch (kind)
        {
            case DropKind.StreamEnd:
                return Task.CompletedTask;
            case DropKind.ConnectionReset:
                context.GetHttpContext().Abort();
                return Task.CompletedTask;
            default:
                var status = kind switch
                {
                    DropKind.Unavailable => new Status(StatusCode.Unavailable, "Server Is Not Ready"),
                    DropKind.Cancelled => new Status(StatusCode.Cancelled, "Subscription dropped by the server"),
                    DropKind.DeadlineExceeded => new Status(StatusCode.DeadlineExceeded, "Deadline exceeded"),
                    _ => new Status(StatusCode.Aborted, "Operation timed out: subscription"),
                };
                throw new RpcException(status);
        }
    }

    private static Func<FakeRecord, bool> Filter(Options options)
    {
        if (options.FilterOptionCase != Options.FilterOptionOneofCase.Filter)
        {
            return _ => true;
        }

        var f = options.Filter;
        var expression = f.FilterCase == Options.Types.FilterOptions.FilterOneofCase.EventType ? f.EventType : f.StreamIdentifier;
        Func<FakeRecord, string> subject = f.FilterCase == Options.Types.FilterOptions.FilterOneofCase.EventType ? r => r.Type : r => r.Stream;
        if (!string.IsNullOrEmpty(expression.Regex))
        {
            var regex = new Regex(expression.Regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return r => regex.IsMatch(subject(r));
        }

        return r => expression.Prefix.Any(p => subject(r).StartsWith(p, StringComparison.Ordinal));
    }

    private static (ulong Commit, ulong Prepare) Start(Options.Types.Position position) => (position.CommitPosition, position.PreparePosition);

    private static ReadResp Checkpoint((ulong Commit, ulong Prepare) at) => new()
    {
        Checkpoint = new ReadResp.Types.Checkpoint { CommitPosition = at.Commit, PreparePosition = at.Prepare, Timestamp = Timestamp.FromDateTime(DateTime.UtcNow) },
    };

    private static ReadResp Event(FakeRecord record, Options.Types.UUIDOption uuid, bool inAll)
    {
        var recorded = new ReadResp.Types.ReadEvent.Types.RecordedEvent
        {
            Id = uuid.ContentCase == Options.Types.UUIDOption.ContentOneofCase.String ? new UUID { String = record.Id.ToString() } : Structured(record.Id),
            StreamIdentifier = new StreamIdentifier { StreamName = ByteString.CopyFromUtf8(record.Stream) },
            StreamRevision = (ulong)record.Revision,
            CommitPosition = inAll ? record.Commit : NoPosition,
            PreparePosition = inAll ? record.Prepare : NoPosition,
            Data = record.Data,
            CustomMetadata = record.CustomMetadata,
        };
        recorded.Metadata.Add("type", record.Type);
        recorded.Metadata.Add("content-type", record.ContentType);
        recorded.Metadata.Add("created", record.CreatedTicks.ToString(CultureInfo.InvariantCulture));
        var readEvent = new ReadResp.Types.ReadEvent { Event = recorded };
        if (inAll)
        {
            readEvent.CommitPosition = record.Commit;
        }
        else
        {
            readEvent.NoPosition = new Empty();
        }

        return new ReadResp { Event = readEvent };
    }

    private static AppendResp Success(FakeAppendOutcome outcome)
    {
        var success = new AppendResp.Types.Success();
        if (outcome.CurrentRevision < 0)
        {
            success.NoStream = new Empty();
        }
        else
        {
            success.CurrentRevision = (ulong)outcome.CurrentRevision;
        }

        if (outcome.Position is { } position)
        {
            success.Position = new AppendResp.Types.Position { CommitPosition = position.Commit, PreparePosition = position.Prepare };
        }
        else
        {
            success.NoPosition = new Empty();
        }

        return new AppendResp { Success = success };
    }

    private static AppendResp Conflict(AppendReq.Types.Options options, FakeAppendOutcome outcome)
    {
        var conflict = new AppendResp.Types.WrongExpectedVersion();
        if (outcome.CurrentRevision < 0)
        {
            conflict.CurrentNoStream = new Empty();
        }
        else
        {
            conflict.CurrentRevision = (ulong)outcome.CurrentRevision;
        }

        switch (options.ExpectedStreamRevisionCase)
        {
            case AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.Revision:
                conflict.ExpectedRevision = options.Revision;
                break;
            case AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.NoStream:
                conflict.ExpectedNoStream = new Empty();
                break;
            case AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.StreamExists:
                conflict.ExpectedStreamExists = new Empty();
                break;
            default:
                conflict.ExpectedAny = new Empty();
                break;
        }

        return new AppendResp { WrongExpectedVersion = conflict };
    }

    private static Guid ToGuid(UUID id) => id.ValueCase == UUID.ValueOneofCase.String
        ? Guid.Parse(id.String, CultureInfo.InvariantCulture)
        : throw new RpcException(new Status(StatusCode.InvalidArgument, "The fake takes string UUIDs, as WellWon's client sends them."));

    // KurrentDB's structured form: the UUID's 16 bytes in network order, split into two signed 64-bit halves.
    private static UUID Structured(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return new UUID
        {
            Structured = new UUID.Types.Structured
            {
                MostSignificantBits = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes),
                LeastSignificantBits = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes[8..]),
            },
        };
    }
}
