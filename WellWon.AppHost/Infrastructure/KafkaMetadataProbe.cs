using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace WellWon.AppHost.Infrastructure;

/// <summary>
/// The smallest Kafka conversation that proves a broker serves clients: a Metadata request, version 4 (Kafka 1.0 and later; 4.0 dropped
/// only versions 0–3), for no topics, answered with the cluster's brokers. Written by hand so the AppHost needs no Kafka client.
/// </summary>
public static class KafkaMetadataProbe
{
    private const short MetadataApiKey = 3;
    private const short MetadataVersion = 4;
    private const string ClientId = "wellwon-apphost";

    /// <summary>The number of brokers the broker at host:port reports.</summary>
    public static async Task<int> CountBrokersAsync(string host, int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, ct);
        var stream = client.GetStream();
        var correlationId = Random.Shared.Next();
        await stream.WriteAsync(Request(correlationId), ct);

        var sizeBytes = new byte[4];
        await stream.ReadExactlyAsync(sizeBytes, ct);
        var size = BinaryPrimitives.ReadInt32BigEndian(sizeBytes);
        if (size is < 12 or > 16 * 1024 * 1024)
        {
            throw new InvalidDataException($"Not a Kafka answer (frame of {size} bytes).");
        }

        var response = new byte[size];
        await stream.ReadExactlyAsync(response, ct);
        return BrokerCount(response, correlationId);
    }

    /// <summary>Request header v1 (api key, version, correlation id, client id) and the v4 body: an empty topic array, no auto-creation.</summary>
    public static byte[] Request(int correlationId)
    {
        var clientId = Encoding.ASCII.GetBytes(ClientId);
        var body = new byte[2 + 2 + 4 + 2 + clientId.Length + 4 + 1];
        var span = body.AsSpan();
        BinaryPrimitives.WriteInt16BigEndian(span, MetadataApiKey);
        BinaryPrimitives.WriteInt16BigEndian(span[2..], MetadataVersion);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], correlationId);
        BinaryPrimitives.WriteInt16BigEndian(span[8..], (short)clientId.Length);
        clientId.CopyTo(span[10..]);
        BinaryPrimitives.WriteInt32BigEndian(span[(10 + clientId.Length)..], 0);   // topics: none
        span[^1] = 0;                                                                // allow_auto_topic_creation: false

        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    /// <summary>Response header v0 (correlation id), then throttle time and the broker array's length.</summary>
    public static int BrokerCount(ReadOnlySpan<byte> response, int correlationId)
    {
        if (response.Length < 12 || BinaryPrimitives.ReadInt32BigEndian(response) != correlationId)
        {
            throw new InvalidDataException("The answer does not match the Metadata request.");
        }

        return BinaryPrimitives.ReadInt32BigEndian(response[8..]);
    }
}
