using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WellWon.Platform.KurrentDB.Protocol;

namespace WellWon.Platform.KurrentDB.Tests.Fake;

/// <summary>How the fake ends a subscription call on purpose, as the real server or the network may.</summary>
public enum DropKind
{
    /// <summary>The server ends the call with Unavailable ("Server Is Not Ready").</summary>
    Unavailable,

    /// <summary>The server ends the call with Cancelled (a server-side drop, e.g. at shutdown).</summary>
    Cancelled,

    /// <summary>The call ends with DeadlineExceeded (a proxy's or the server's timeout).</summary>
    DeadlineExceeded,

    /// <summary>The server ends the call with Aborted ("Operation timed out").</summary>
    Aborted,

    /// <summary>The HTTP/2 stream is reset under the call, as when a connection breaks.</summary>
    ConnectionReset,

    /// <summary>The server completes the stream with OK: the subscription simply ends.</summary>
    StreamEnd,
}

/// <summary>A subscription call the fake will end after sending <paramref name="AfterEvents"/> events.</summary>
internal sealed record PlannedDrop(int AfterEvents, DropKind Kind);

/// <summary>What a test wants the fake to do wrong, consumed in order.</summary>
internal sealed class FakeFaults
{
    public ConcurrentQueue<RpcException> Appends { get; } = new();

    public ConcurrentQueue<RpcException> Reads { get; } = new();

    /// <summary>Subscription calls refused outright (before confirmation).</summary>
    public ConcurrentQueue<RpcException> Subscriptions { get; } = new();

    public ConcurrentQueue<PlannedDrop> Drops { get; } = new();

    /// <summary>When set, every call is answered with "not leader" pointing there (a follower of a cluster).</summary>
    public DnsEndPoint? Leader { get; set; }
}

/// <summary>
/// An in-process KurrentDB for the client's wire tests: a Kestrel app on a loopback port speaking HTTP/2 cleartext, serving
/// the <c>event_store.client.streams.Streams</c> service from the same .proto as the client, over an in-memory log.
/// It follows the server's rules that the client depends on (see <see cref="FakeStreamsService"/>) and records what it received.
/// </summary>
internal sealed class FakeKurrentDb : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeKurrentDb(WebApplication app, FakeState state, int port)
    {
        _app = app;
        State = state;
        Port = port;
    }

    public FakeState State { get; }

    public FakeLog Log => State.Log;

    public FakeFaults Faults => State.Faults;

    public int Port { get; }

    public string ConnectionString => $"kurrentdb://127.0.0.1:{Port}?tls=false";

    public static async Task<FakeKurrentDb> StartAsync(FakeState? state = null)
    {
        state ??= new FakeState();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        app.MapGrpcService<FakeStreamsService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FakeKurrentDb(app, state, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>The fake's log, its planned faults, and a record of the requests it received.</summary>
internal sealed class FakeState
{
    public FakeLog Log { get; } = new();

    public FakeFaults Faults { get; } = new();

    /// <summary>Every append as received: the options message first, then the proposed messages.</summary>
    public ConcurrentQueue<IReadOnlyList<AppendReq>> Appends { get; } = new();

    public ConcurrentQueue<ReadReq> Reads { get; } = new();

    /// <summary>When each subscription call arrived (refused ones included), to measure the client's back-off.</summary>
    public ConcurrentQueue<DateTimeOffset> SubscriptionCalls { get; } = new();

    /// <summary>The request headers of every call (authorization, requires-leader, connection-name).</summary>
    public ConcurrentQueue<Metadata> Headers { get; } = new();

    /// <summary>The subscription calls in progress, so a test can break them all at once.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<ServerCallContext, byte> ActiveSubscriptions { get; } = new();

    /// <summary>Resets the HTTP/2 stream of every subscription in progress, as a broken connection would.</summary>
    public int DropActiveSubscriptions()
    {
        var dropped = 0;
        foreach (var context in ActiveSubscriptions.Keys)
        {
            context.GetHttpContext().Abort();
            dropped++;
        }

        return dropped;
    }

    public IEnumerable<ReadReq> SubscriptionRequests => Reads.Where(r => r.Options.CountOptionCase == ReadReq.Types.Options.CountOptionOneofCase.Subscription);
}
