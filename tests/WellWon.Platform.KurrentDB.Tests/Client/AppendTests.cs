using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Grpc.Core;
using WellWon.Platform.EventStore;
using WellWon.Platform.KurrentDB.Protocol;

namespace WellWon.Platform.KurrentDB.Tests.Client;

/// <summary>Appends on the wire: what the client streams, and how every answer of the server becomes WellWon's result or exception.</summary>
public sealed class AppendTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_append_streams_the_options_first_then_one_message_per_event_with_type_content_type_and_envelope()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream("order");
        var events = TestEvents.Many(2);

        var result = await client.Store.AppendAsync(stream, ExpectedVersion.NoStream, events, Ct);

        var messages = Assert.Single(client.Server.State.Appends);
        Assert.Equal(3, messages.Count);
        var options = messages[0].Options;
        Assert.Equal(stream, options.StreamIdentifier.StreamName.ToStringUtf8());
        Assert.Equal(AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.NoStream, options.ExpectedStreamRevisionCase);
        foreach (var (sent, message) in events.Zip(messages.Skip(1).Select(m => m.ProposedMessage)))
        {
            Assert.Equal(sent.EventId.ToString(), message.Id.String);
            Assert.Equal(sent.EventType, message.Metadata["type"]);
            Assert.Equal("application/json", message.Metadata["content-type"]);
            Assert.Equal(sent.Data.GetRawText(), message.Data.ToStringUtf8());
            using var custom = JsonDocument.Parse(message.CustomMetadata.Memory);
            var root = custom.RootElement;
            Assert.Equal(sent.Metadata.CorrelationId, root.GetProperty("correlationId").GetGuid());
            Assert.Equal(sent.Metadata.CausationId, root.GetProperty("causationId").GetGuid());
            Assert.Equal(sent.Metadata.TenantId, root.GetProperty("tenantId").GetGuid());
            Assert.Equal(sent.Metadata.UserId, root.GetProperty("userId").GetGuid());
            Assert.Equal(sent.Metadata.TraceParent, root.GetProperty("traceParent").GetString());
            // KurrentDB's own by-correlation projection reads these two.
            Assert.Equal(sent.Metadata.CorrelationId.ToString(), root.GetProperty("$correlationId").GetString());
            Assert.Equal(sent.Metadata.CausationId.ToString(), root.GetProperty("$causationId").GetString());
            Assert.False(root.TryGetProperty("traceState", out _), "nulls are left out");
        }

        var stored = client.Server.Log.Stream(stream)!;
        Assert.Equal(1, result.NextExpectedVersion);
        Assert.Equal((long)stored[^1].Prepare, result.LastGlobalPosition);
    }

    [Fact]
    public async Task Any_and_exact_versions_travel_as_any_and_revision()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream();

        await client.Store.AppendAsync(stream, ExpectedVersion.Any, TestEvents.Many(2), Ct);
        await client.Store.AppendAsync(stream, ExpectedVersion.Exactly(1), TestEvents.Many(1), Ct);

        var options = client.Server.State.Appends.Select(a => a[0].Options).ToList();
        Assert.Equal(AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.Any, options[0].ExpectedStreamRevisionCase);
        Assert.Equal(AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.Revision, options[1].ExpectedStreamRevisionCase);
        Assert.Equal(1UL, options[1].Revision);
    }

    [Fact]
    public async Task A_conflict_in_the_response_body_is_the_ports_WrongExpectedVersionException()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream();
        await client.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(2), Ct);

        var stale = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => client.Store.AppendAsync(stream, ExpectedVersion.Exactly(5), TestEvents.Many(1), Ct));
        var exists = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => client.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(1), Ct));
        var missing = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => client.Store.AppendAsync(TestEvents.Stream(), ExpectedVersion.Exactly(0), TestEvents.Many(1), Ct));

        Assert.Equal((stream, ExpectedVersion.Exactly(5), 1L), (stale.StreamId, stale.Expected, stale.Actual!.Value));
        Assert.Equal((ExpectedVersion.NoStream, 1L), (exists.Expected, exists.Actual!.Value));
        Assert.Null(missing.Actual);
        Assert.Equal(2, client.Server.Log.Stream(stream)!.Count);
    }

    [Fact]
    public async Task A_conflict_sent_as_a_status_with_trailers_is_the_same_exception()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream();
        client.Server.Faults.Appends.Enqueue(new RpcException(
            new Status(StatusCode.FailedPrecondition, "Append failed due to WrongExpectedVersion."),
            new Metadata { { "exception", "wrong-expected-version" }, { "stream-name", stream }, { "expected-version", "1" }, { "actual-version", "3" } }));

        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => client.Store.AppendAsync(stream, ExpectedVersion.Exactly(1), TestEvents.Many(1), Ct));

        Assert.Equal((stream, ExpectedVersion.Exactly(1), 3L), (conflict.StreamId, conflict.Expected, conflict.Actual!.Value));
    }

    [Fact]
    public async Task A_retry_the_server_recognises_returns_the_original_version_without_a_position()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream();
        var events = TestEvents.Many(2);
        await client.Store.AppendAsync(stream, ExpectedVersion.NoStream, events, Ct);

        var retried = await client.Store.AppendAsync(stream, ExpectedVersion.NoStream, events, Ct);

        Assert.Equal((1L, -1L), (retried.NextExpectedVersion, retried.LastGlobalPosition));
        Assert.Equal(2, client.Server.Log.Stream(stream)!.Count);
    }

    [Theory]
    [InlineData(StatusCode.FailedPrecondition, "stream-deleted", KurrentDbError.StreamDeleted)]
    [InlineData(StatusCode.PermissionDenied, "access-denied", KurrentDbError.AccessDenied)]
    [InlineData(StatusCode.InvalidArgument, "maximum-append-size-exceeded", KurrentDbError.MaximumAppendSizeExceeded)]
    [InlineData(StatusCode.InvalidArgument, "missing-required-metadata-property", KurrentDbError.InvalidArgument)]
    [InlineData(StatusCode.Aborted, null, KurrentDbError.Timeout)]
    [InlineData(StatusCode.Unauthenticated, null, KurrentDbError.Unauthenticated)]
    [InlineData(StatusCode.Unknown, null, KurrentDbError.Unknown)]
    public async Task A_failure_becomes_a_KurrentDbException_that_says_what_happened(StatusCode status, string? exceptionKey, KurrentDbError expected)
    {
        await using var client = await ClientHarness.StartAsync();
        var trailers = new Metadata();
        if (exceptionKey is not null)
        {
            trailers.Add("exception", exceptionKey);
        }

        client.Server.Faults.Appends.Enqueue(new RpcException(new Status(status, "from the fake"), trailers));

        var failure = await Assert.ThrowsAsync<KurrentDbException>(() => client.Store.AppendAsync(TestEvents.Stream(), ExpectedVersion.Any, TestEvents.Many(1), Ct));

        Assert.Equal(expected, failure.Error);
        Assert.Equal(status, failure.Status);
        Assert.Single(client.Server.State.Appends);
    }

    [Fact]
    public async Task Unavailable_once_is_retried_on_a_node_chosen_again_and_the_events_are_stored_once()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream();
        client.Server.Faults.Appends.Enqueue(new RpcException(new Status(StatusCode.Unavailable, "Server Is Not Ready")));

        var result = await client.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(2), Ct);

        Assert.Equal(1, result.NextExpectedVersion);
        Assert.Equal(2, client.Server.State.Appends.Count);
        Assert.Equal(2, client.Server.Log.Stream(stream)!.Count);
    }

    [Fact]
    public async Task Unavailable_twice_fails_with_Unavailable()
    {
        await using var client = await ClientHarness.StartAsync();
        client.Server.Faults.Appends.Enqueue(new RpcException(new Status(StatusCode.Unavailable, "Server Is Not Ready")));
        client.Server.Faults.Appends.Enqueue(new RpcException(new Status(StatusCode.Unavailable, "Server Is Too Busy")));

        var failure = await Assert.ThrowsAsync<KurrentDbException>(() => client.Store.AppendAsync(TestEvents.Stream(), ExpectedVersion.Any, TestEvents.Many(1), Ct));

        Assert.Equal(KurrentDbError.Unavailable, failure.Error);
        Assert.Contains("Server Is Too Busy", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_append_checks_the_expected_version_without_a_call_to_append()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream();
        await client.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(3), Ct);

        var same = await client.Store.AppendAsync(stream, ExpectedVersion.Exactly(2), [], Ct);
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => client.Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [], Ct));

        Assert.Equal(2, same.NextExpectedVersion);
        Assert.Single(client.Server.State.Appends);
    }

    [Fact]
    public async Task An_append_records_the_same_span_and_latency_as_the_PostgreSQL_store()
    {
        await using var client = await ClientHarness.StartAsync();
        var stream = TestEvents.Stream("invoice");
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "WellWon",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (Equals(a.GetTagItem("wellwon.stream.id"), stream))
                {
                    lock (spans)
                    {
                        spans.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var outcomes = new List<string?>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "wellwon.event_store.append.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            var category = tags.ToArray().FirstOrDefault(t => t.Key == "wellwon.stream.category").Value as string;
            if (category == "invoice")
            {
                lock (outcomes)
                {
                    outcomes.Add(tags.ToArray().First(t => t.Key == "wellwon.outcome").Value as string);
                }
            }
        });
        meters.Start();

        await client.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(2), Ct);
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => client.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(1), Ct));

        Assert.Equal(2, spans.Count);
        Assert.All(spans, s =>
        {
            Assert.Equal("event-store append invoice", s.DisplayName);
            Assert.Equal(ActivityKind.Client, s.Kind);
            Assert.Equal("kurrentdb", s.GetTagItem("db.system.name"));
            Assert.Equal("invoice", s.GetTagItem("wellwon.stream.category"));
        });
        Assert.Equal("appended", spans[0].GetTagItem("wellwon.outcome"));
        Assert.Equal(2, spans[0].GetTagItem("wellwon.event.count"));
        Assert.Equal("wrong-expected-version", spans[1].GetTagItem("wellwon.outcome"));
        Assert.Equal(ActivityStatusCode.Error, spans[1].Status);
        Assert.Contains("appended", outcomes);
        Assert.Contains("wrong-expected-version", outcomes);
    }
}
