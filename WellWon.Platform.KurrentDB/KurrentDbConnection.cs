using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using WellWon.Platform.KurrentDB.Protocol;

namespace WellWon.Platform.KurrentDB;

/// <summary>
/// The gRPC channel to one KurrentDB node, chosen as the first of the connection string's nodes that accepts a TCP connection,
/// kept until a call reports it unavailable (then the next call chooses again) or names another node as the leader (then
/// that node is used). Every call carries <c>requires-leader</c>, so a follower answers with the leader's address instead of
/// serving stale reads or forwarding writes.
/// </summary>
public sealed partial class KurrentDbConnection(KurrentDbConnectionString settings, ILogger<KurrentDbConnection> logger) : IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _choosing = new(1, 1);
    private readonly Metadata.Entry? _authorization = settings.Username is null
        ? null
        : new Metadata.Entry("authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}")));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<GrpcChannel, byte> _retired = new();
    private KurrentDbNode? _current;
    private DnsEndPoint? _leader;
    private bool _disposed;

    public KurrentDbConnectionString Settings { get; } = settings;

    /// <summary>The node calls go to now, or null before the first call and after a failure.</summary>
    public DnsEndPoint? CurrentNode => Volatile.Read(ref _current)?.EndPoint;

    /// <summary>The node to call: the current one, or the leader a follower named, or the first of the list that answers.</summary>
    internal async ValueTask<KurrentDbNode> GetNodeAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _current) is { } node)
        {
            return node;
        }

        await _choosing.WaitAsync(ct);
        try
        {
            if (_current is not null)
            {
                return _current;
            }

            var endPoint = _leader ?? await FirstReachableAsync(ct);
            _leader = null;
            var chosen = new KurrentDbNode(endPoint, CreateChannel(endPoint));
            LogNodeChosen(endPoint.Host, endPoint.Port);
            Volatile.Write(ref _current, chosen);
            return chosen;
        }
        finally
        {
            _choosing.Release();
        }
    }

    /// <summary>
    /// After a failed call: an unavailable node is dropped (the next call chooses again), a follower is replaced by its leader.
    /// The old channel is retired, not closed: other calls on it finish or fail by themselves (one broken stream must not
    /// break an append in flight beside it), and it is closed once the longest of them would have timed out.
    /// </summary>
    internal void OnFailure(KurrentDbNode node, Exception failure)
    {
        switch (failure)
        {
            case KurrentDbException { Error: KurrentDbError.NotLeader, Leader: { } leader }:
                LogRedirected(node.EndPoint.Host, node.EndPoint.Port, leader.Host, leader.Port);
                Forget(node, leader, closeNow: false);
                break;
            case KurrentDbException { Error: KurrentDbError.Unavailable or KurrentDbError.NotLeader }:
                Forget(node, leader: null, closeNow: false);
                break;
        }
    }

    /// <summary>
    /// Closes the current channel now: calls in flight on it fail (a subscription resubscribes, an append or read is tried once
    /// more) and the next call chooses a node again from the top of the list. For operators after a failover, and for tests
    /// that break connections on purpose.
    /// </summary>
    public void Reset()
    {
        if (Volatile.Read(ref _current) is { } node)
        {
            Forget(node, leader: null, closeNow: true);
        }
    }

    /// <summary>Options of an append or a read: the headers, the default deadline and the caller's cancellation.</summary>
    internal CallOptions CallOptions(CancellationToken ct) => new(Headers(), DateTime.UtcNow + Settings.DefaultDeadline, ct);

    /// <summary>Options of a subscription: no deadline, it runs until cancelled or dropped.</summary>
    internal CallOptions SubscriptionOptions(CancellationToken ct) => new(Headers(), deadline: null, ct);

    public void Dispose()
    {
        _disposed = true;
        if (Interlocked.Exchange(ref _current, null) is { } node)
        {
            node.Channel.Dispose();
        }

        foreach (var channel in _retired.Keys)
        {
            if (_retired.TryRemove(channel, out _))
            {
                channel.Dispose();
            }
        }

        _choosing.Dispose();
    }

    private void Forget(KurrentDbNode node, DnsEndPoint? leader, bool closeNow)
    {
        if (Interlocked.CompareExchange(ref _current, null, node) != node)
        {
            return;
        }

        _leader = leader;
        LogNodeDropped(node.EndPoint.Host, node.EndPoint.Port);
        if (closeNow)
        {
            node.Channel.Dispose();
            return;
        }

        _retired.TryAdd(node.Channel, 0);
        _ = CloseLaterAsync(node.Channel);
    }

    private async Task CloseLaterAsync(GrpcChannel channel)
    {
        await Task.Delay(Settings.DefaultDeadline + TimeSpan.FromSeconds(5));
        if (_retired.TryRemove(channel, out _))
        {
            channel.Dispose();
        }
    }

    private Metadata Headers()
    {
        var headers = new Metadata { { "requires-leader", "true" } };
        if (_authorization is not null)
        {
            headers.Add(_authorization);
        }

        if (Settings.ConnectionName is { } name)
        {
            headers.Add("connection-name", name);
        }

        return headers;
    }

    private async Task<DnsEndPoint> FirstReachableAsync(CancellationToken ct)
    {
        var failures = new List<string>();
        foreach (var endPoint in Settings.Nodes)
        {
            using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ProbeTimeout);
            try
            {
                await probe.ConnectAsync(endPoint, timeout.Token);
                return endPoint;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                failures.Add($"{endPoint.Host}:{endPoint.Port} (no answer within {ProbeTimeout.TotalSeconds:0} s)");
            }
            catch (SocketException e)
            {
                failures.Add($"{endPoint.Host}:{endPoint.Port} ({e.SocketErrorCode})");
            }
        }

        throw new KurrentDbException(KurrentDbError.Unavailable, $"No KurrentDB node answered: {string.Join(", ", failures)}.");
    }

    private GrpcChannel CreateChannel(DnsEndPoint endPoint)
    {
        var handler = new SocketsHttpHandler
        {
            // One subscription holds a stream for hours; never recycle the connection under it.
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = Settings.KeepAliveInterval,
            KeepAlivePingTimeout = Settings.KeepAliveTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };
        if (Settings.UseTls && !Settings.VerifyCertificate)
        {
#pragma warning disable CA5359 // tlsVerifyCert=false is the operator's explicit choice for a self-signed development cluster.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        var address = new UriBuilder(Settings.UseTls ? "https" : "http", endPoint.Host, endPoint.Port).Uri;
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            // The caller's cancellation surfaces as OperationCanceledException, as it does from the PostgreSQL store.
            ThrowOperationCanceledOnCancellation = true,
            // KurrentDB accepts events up to 16 MiB; a read returns them whole.
            MaxReceiveMessageSize = 17 * 1024 * 1024,
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "KurrentDB: calls go to {Host}:{Port}")]
    private partial void LogNodeChosen(string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KurrentDB: {Host}:{Port} failed; the next call chooses a node again")]
    private partial void LogNodeDropped(string host, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "KurrentDB: {Host}:{Port} is a follower; switching to the leader {LeaderHost}:{LeaderPort}")]
    private partial void LogRedirected(string host, int port, string leaderHost, int leaderPort);
}

/// <summary>One node's channel and the generated client over it.</summary>
internal sealed class KurrentDbNode(DnsEndPoint endPoint, GrpcChannel channel)
{
    public DnsEndPoint EndPoint { get; } = endPoint;

    public GrpcChannel Channel { get; } = channel;

    public Streams.StreamsClient Client { get; } = new(channel);
}
