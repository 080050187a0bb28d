using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using WellWon.AppHost.Infrastructure;

namespace WellWon.AppHost.Tests;

/// <summary>The Kafka health check's wire format, and a conversation with an in-process stand-in for a broker.</summary>
public sealed class KafkaMetadataProbeTests
{
    [Fact]
    public void The_request_is_a_metadata_v4_frame_for_no_topics()
    {
        var frame = KafkaMetadataProbe.Request(correlationId: 42);

        Assert.Equal(frame.Length - 4, BinaryPrimitives.ReadInt32BigEndian(frame));
        Assert.Equal(3, BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(4)));     // api key: Metadata
        Assert.Equal(4, BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(6)));     // version 4
        Assert.Equal(42, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(8)));    // correlation id
        Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(frame.Length - 5)));  // topics: empty array
        Assert.Equal(0, frame[^1]);                                                 // no auto-creation
    }

    [Fact]
    public void An_answer_to_another_request_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => KafkaMetadataProbe.BrokerCount(Response(correlationId: 7, brokers: 1), correlationId: 8));
    }

    [Fact]
    public async Task A_broker_that_answers_with_itself_is_counted()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var ct = TestContext.Current.CancellationToken;
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var broker = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(ct);
            var stream = client.GetStream();
            var size = new byte[4];
            await stream.ReadExactlyAsync(size, TestContext.Current.CancellationToken);
            var request = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
            await stream.ReadExactlyAsync(request, TestContext.Current.CancellationToken);
            var response = Response(BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(4)), brokers: 1);
            var frame = new byte[4 + response.Length];
            BinaryPrimitives.WriteInt32BigEndian(frame, response.Length);
            response.CopyTo(frame, 4);
            await stream.WriteAsync(frame, ct);
        }, ct);

        var brokers = await KafkaMetadataProbe.CountBrokersAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
        await broker;

        Assert.Equal(1, brokers);
    }

    // Response header v0 and the start of a Metadata v4 body: throttle time, then the broker array (one broker: id, host, port, rack).
    private static byte[] Response(int correlationId, int brokers)
    {
        var body = new List<byte>();
        void Int32(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(b, v); body.AddRange(b); }
        void Int16(short v) { var b = new byte[2]; BinaryPrimitives.WriteInt16BigEndian(b, v); body.AddRange(b); }
        Int32(correlationId);
        Int32(0);
        Int32(brokers);
        for (var i = 0; i < brokers; i++)
        {
            Int32(1);
            Int16(9);
            body.AddRange("localhost"u8.ToArray());
            Int32(9092);
            Int16(-1);
        }

        Int16(-1);   // cluster id: null
        Int32(1);    // controller
        Int32(0);    // topics
        return [.. body];
    }
}
