using System.Net;
using System.Net.Sockets;
using WellWon.Platform.EventStore;
using WellWon.Platform.KurrentDB.Tests.Fake;

namespace WellWon.Platform.KurrentDB.Tests.Client;

/// <summary>Which node the client talks to, and what every call carries.</summary>
public sealed class NodeSelectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_node_that_answers_is_used()
    {
        await using var server = await FakeKurrentDb.StartAsync();
        var closed = ClosedPort();
        await using var client = await ClientHarness.StartAsync($"kurrentdb://127.0.0.1:{closed},127.0.0.1:{server.Port}?tls=false", server);

        await client.Store.AppendAsync(TestEvents.Stream(), ExpectedVersion.Any, TestEvents.Many(1), Ct);

        Assert.Equal(server.Port, client.Connection.CurrentNode?.Port);
        Assert.Equal(1, server.Log.Count);
    }

    [Fact]
    public async Task When_no_node_answers_the_error_names_every_node()
    {
        var (first, second) = (ClosedPort(), ClosedPort());
        await using var client = await ClientHarness.StartAsync($"kurrentdb://127.0.0.1:{first},127.0.0.1:{second}?tls=false");

        var failure = await Assert.ThrowsAsync<KurrentDbException>(() => client.Store.AppendAsync(TestEvents.Stream(), ExpectedVersion.Any, TestEvents.Many(1), Ct));

        Assert.Equal(KurrentDbError.Unavailable, failure.Error);
        Assert.Contains($"127.0.0.1:{first} (ConnectionRefused)", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{second} (ConnectionRefused)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_follower_sends_the_client_to_the_leader_named_in_its_trailers()
    {
        await using var leader = await FakeKurrentDb.StartAsync();
        await using var follower = await FakeKurrentDb.StartAsync();
        follower.Faults.Leader = new DnsEndPoint("127.0.0.1", leader.Port);
        await using var client = await ClientHarness.StartAsync(follower.ConnectionString, follower);
        var stream = TestEvents.Stream();

        var result = await client.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Many(2), Ct);
        var read = await client.Store.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 10, Ct).ToListAsync(Ct);

        Assert.Equal(1, result.NextExpectedVersion);
        Assert.Equal(2, read.Count);
        Assert.Equal(leader.Port, client.Connection.CurrentNode?.Port);
        Assert.Single(follower.State.Headers);
        Assert.Equal(0, follower.Log.Count);
    }

    [Fact]
    public async Task Every_call_requires_the_leader_and_carries_the_credentials_and_name_of_the_connection_string()
    {
        await using var server = await FakeKurrentDb.StartAsync();
        await using var client = await ClientHarness.StartAsync($"kurrentdb://admin:changeit@127.0.0.1:{server.Port}?tls=false&connectionName=wellwon-relay", server);

        await client.Store.AppendAsync(TestEvents.Stream(), ExpectedVersion.Any, TestEvents.Many(1), Ct);
        await client.Store.GetHeadAsync(Ct);

        Assert.Equal(2, server.State.Headers.Count);
        Assert.All(server.State.Headers, headers =>
        {
            Assert.Equal("Basic YWRtaW46Y2hhbmdlaXQ=", headers.GetValue("authorization"));
            Assert.Equal("true", headers.GetValue("requires-leader"));
            Assert.Equal("wellwon-relay", headers.GetValue("connection-name"));
        });
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
