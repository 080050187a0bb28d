using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using WellWon.Platform.EventStore;
using WellWon.Platform.KurrentDB.Protocol;
using ReadOptions = WellWon.Platform.KurrentDB.Protocol.ReadReq.Types.Options;

namespace WellWon.Platform.KurrentDB.Tests.Client;

/// <summary>Server-streamed reads on the wire: what the client asks for, and how each answer maps back to WellWon's events.</summary>
public sealed class ReadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stream_reads_ask_for_string_uuids_and_no_filter_and_map_every_field_back()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream("shipment");
        var events = TestEvents.Many(3);
        await client.Store.AppendAsync(stream, ExpectedVersion.NoStream, events, Ct);

        var forwards = await client.Store.ReadStreamAsync(stream, 1, ReadDirection.Forwards, 10, Ct).ToListAsync(Ct);
        var backwards = await client.Store.ReadStreamAsync(stream, long.MaxValue, ReadDirection.Backwards, 2, Ct).ToListAsync(Ct);

        var requests = client.Server.State.Reads.Select(r => r.Options).ToList();
        Assert.All(requests, r =>
        {
            Assert.Equal(ReadOptions.Types.UUIDOption.ContentOneofCase.String, r.UuidOption.ContentCase);
            Assert.Equal(ReadOptions.FilterOptionOneofCase.NoFilter, r.FilterOptionCase);
            Assert.Equal(stream, r.Stream.StreamIdentifier.StreamName.ToStringUtf8());
        });
        Assert.Equal((ReadOptions.Types.ReadDirection.Forwards, 1UL, 10UL), (requests[0].ReadDirection, requests[0].Stream.Revision, requests[0].Count));
        Assert.Equal(ReadOptions.Types.StreamOptions.RevisionOptionOneofCase.End, requests[1].Stream.RevisionOptionCase);
        Assert.Equal(ReadOptions.Types.ReadDirection.Backwards, requests[1].ReadDirection);

        Assert.Equal(events.Skip(1).Select(e => e.EventId), forwards.Select(e => e.EventId));
        Assert.Equal([1L, 2L], forwards.Select(e => e.StreamVersion));
        Assert.Equal([2L, 1L], backwards.Select(e => e.StreamVersion));
        var read = forwards[0];
        Assert.Equal((stream, events[1].EventType, events[1].Metadata), (read.StreamId, read.EventType, read.Metadata));
        Assert.Equal("thing-1", read.Data.GetProperty("label").GetString());
        Assert.InRange(read.RecordedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        // The stream index holds no log position: KurrentDB sends ulong.MaxValue, which the adapter reports as "none".
        Assert.Equal((-1L, 0UL), (read.GlobalPosition, read.TransactionId));
    }

    [Fact]
    public async Task A_missing_stream_reads_empty_whether_the_server_says_so_in_a_message_or_a_status()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream();

        Assert.Empty(await client.Store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 10, Ct).ToListAsync(Ct));
        Assert.Null(await client.Store.GetStreamVersionAsync(stream, Ct));
        client.Server.Faults.Reads.Enqueue(new RpcException(
            new Status(StatusCode.NotFound, $"Event stream '{stream}' is not found."),
            new Metadata { { "exception", "stream-not-found" }, { "stream-name", stream } }));
        Assert.Empty(await client.Store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 10, Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task Reading_the_log_filters_system_events_on_the_server_and_starts_after_the_given_position()
    {
        await using var client = await ClientHarness.StartAsync();
        var (a, b) = (TestEvents.Stream("left"), TestEvents.Stream("right"));
        await client.Store.AppendAsync(a, ExpectedVersion.NoStream, TestEvents.Many(2), Ct);
        await client.Store.AppendAsync("$$" + a, ExpectedVersion.Any, [TestEvents.One(type: "$metadata")], Ct);
        await client.Store.AppendAsync(b, ExpectedVersion.NoStream, TestEvents.Many(3), Ct);
        await client.Store.AppendAsync("$stats-127.0.0.1:2113", ExpectedVersion.Any, [TestEvents.One(type: "$statsCollected")], Ct);

        var all = await client.Store.ReadAllAsync(LogPosition.Start, 100, Ct);
        var after = await client.Store.ReadAllAsync(all[2].LogPosition, 2, Ct);

        var records = client.Server.Log.Snapshot().Where(r => !r.Type.StartsWith('$')).ToList();
        Assert.Equal(records.Select(r => r.Id), all.Select(e => e.EventId));
        Assert.Equal(records.Select(r => ((ulong, long))(r.Commit, (long)r.Prepare)), all.Select(e => (e.TransactionId, e.GlobalPosition)));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.LogPosition < p.Second.LogPosition));
        // One append, one commit position: it plays the part of the PostgreSQL store's transaction id.
        Assert.Single(all.Where(e => e.StreamId == b).Select(e => e.TransactionId).Distinct());
        Assert.Equal(all.Skip(3).Take(2).Select(e => e.EventId), after.Select(e => e.EventId));

        var requests = client.Server.State.Reads.Select(r => r.Options).ToList();
        Assert.Equal(ReadOptions.Types.AllOptions.AllOptionOneofCase.Start, requests[0].All.AllOptionCase);
        Assert.Equal(@"^[^\$]", requests[0].Filter.EventType.Regex);
        Assert.Equal(101UL, requests[0].Count);
        Assert.Equal((all[2].TransactionId, (ulong)all[2].GlobalPosition), (requests[1].All.Position.CommitPosition, requests[1].All.Position.PreparePosition));
    }

    [Fact]
    public async Task The_head_is_the_last_record_of_the_log_system_events_included()
    {
        await using var client = await ClientHarness.StartAsync();
        Assert.Equal(LogPosition.Start, await client.Store.GetHeadAsync(Ct));
        await client.Store.AppendAsync(TestEvents.Stream(), ExpectedVersion.Any, TestEvents.Many(2), Ct);
        await client.Store.AppendAsync("$settings", ExpectedVersion.Any, [TestEvents.One(type: "$settings")], Ct);

        var head = await client.Store.GetHeadAsync(Ct);

        var last = client.Server.Log.Snapshot()[^1];
        Assert.Equal(new LogPosition(last.Commit, (long)last.Prepare), head);
    }

    [Fact]
    public async Task Events_written_by_other_clients_are_delivered_whatever_their_shape()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream("foreign");
        var correlation = Guid.NewGuid();
        using (var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{client.Server.Port}"))
        {
            using var call = new Streams.StreamsClient(channel).Append(cancellationToken: Ct);
            await call.RequestStream.WriteAsync(new AppendReq { Options = new AppendReq.Types.Options { StreamIdentifier = new StreamIdentifier { StreamName = ByteString.CopyFromUtf8(stream) }, Any = new Empty() } }, Ct);
            await call.RequestStream.WriteAsync(Foreign("application/octet-stream", [1, 2, 3], $"{{\"$correlationId\":\"{correlation}\"}}"), Ct);
            await call.RequestStream.WriteAsync(Foreign("application/json", Encoding.UTF8.GetBytes("{\"ok\":true}"), "not json"), Ct);
            await call.RequestStream.CompleteAsync();
            await call.ResponseAsync;
        }

        var read = await client.Store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 10, Ct).ToListAsync(Ct);

        Assert.Equal("AQID", read[0].Data.GetString());
        Assert.Equal(correlation, read[0].Metadata.CorrelationId);
        Assert.True(read[1].Data.GetProperty("ok").GetBoolean());
        Assert.Equal(WellWon.Platform.Kernel.EventMetadata.Empty, read[1].Metadata);

        static AppendReq Foreign(string contentType, byte[] data, string metadata)
        {
            var message = new AppendReq.Types.ProposedMessage
            {
                Id = new UUID { String = Guid.NewGuid().ToString() },
                Data = ByteString.CopyFrom(data),
                CustomMetadata = ByteString.CopyFromUtf8(metadata),
            };
            message.Metadata.Add("type", "OtherSystemEvent");
            message.Metadata.Add("content-type", contentType);
            return new AppendReq { ProposedMessage = message };
        }
    }

    [Fact]
    public void A_structured_uuid_is_the_same_guid_as_its_string_form()
    {
        var id = Guid.Parse("1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d");

        // KurrentDB's structured form: the 16 bytes in network order as two signed 64-bit halves.
        var structured = new UUID { Structured = new UUID.Types.Structured { MostSignificantBits = 0x1a2b3c4d5e6f4a1b, LeastSignificantBits = unchecked((long)0x9c2d3e4f5a6b7c8d) } };

        Assert.Equal(id, KurrentDbWire.ToGuid(structured));
        Assert.Equal(id, KurrentDbWire.ToGuid(KurrentDbWire.Uuid(id)));
    }

    [Fact]
    public async Task A_read_that_fails_before_its_first_answer_is_tried_once_more_and_then_reports_why()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream();
        await client.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(1), Ct);
        client.Server.Faults.Reads.Enqueue(new RpcException(new Status(StatusCode.Unavailable, "Server Is Not Ready")));

        Assert.Single(await client.Store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 10, Ct).ToListAsync(Ct));

        client.Server.Faults.Reads.Enqueue(new RpcException(new Status(StatusCode.Unavailable, "Server Is Not Ready")));
        client.Server.Faults.Reads.Enqueue(new RpcException(new Status(StatusCode.Unavailable, "Server Is Not Ready")));
        var failure = await Assert.ThrowsAsync<KurrentDbException>(async () => await client.Store.ReadAllAsync(LogPosition.Start, 10, Ct));
        Assert.Equal(KurrentDbError.Unavailable, failure.Error);
        client.Server.Faults.Reads.Enqueue(new RpcException(new Status(StatusCode.PermissionDenied, "Access Denied"), new Metadata { { "exception", "access-denied" } }));
        Assert.Equal(KurrentDbError.AccessDenied, (await Assert.ThrowsAsync<KurrentDbException>(() => client.Store.GetHeadAsync(Ct))).Error);
    }
}
