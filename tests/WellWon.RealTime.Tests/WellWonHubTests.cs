using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using WellWon.Platform.RealTime;

namespace WellWon.RealTime.Tests;

[Collection(RealTimeCollection.Name)]
public sealed class WellWonHubTests(RealTimeApiFactory api)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IChangeNotifier Notifier => api.Services.GetRequiredService<IChangeNotifier>();

    private static ChangeNotification Shipment(long version) => new("shipment", "SH-1", version, "milestones");

    [Fact]
    public async Task A_client_without_a_token_is_refused()
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(api.HubUrl, o =>
            {
                o.HttpMessageHandlerFactory = _ => api.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_WebSocket_client_signs_in_with_the_token_in_the_query_string_and_the_schemes_own_handler_still_runs()
    {
        var user = Guid.NewGuid();
        var before = api.EarlierHandlerCalls;
        // As a browser does: no headers on the WebSocket, the token as access_token in the URL.
        await using var withToken = WebSocketClient(api.TokenFor(user));
        await withToken.StartAsync(Ct);
        var missed = await withToken.InvokeAsync<MissedChanges>("GetMissed", ChangeAudience.User(user).Group, 0L, Ct);

        Assert.Equal(ChangeAudience.User(user).Group, missed.Group);
        Assert.True(api.EarlierHandlerCalls > before);

        await using var withoutToken = WebSocketClient(token: null);
        await Assert.ThrowsAnyAsync<Exception>(() => withoutToken.StartAsync(Ct));
    }

    [Fact]
    public async Task A_change_for_one_user_reaches_that_user_and_nobody_else()
    {
        await using var alice = await api.ConnectAsync(Guid.NewGuid());
        await using var bob = await api.ConnectAsync(Guid.NewGuid());

        await Notifier.NotifyAsync(ChangeAudience.User(alice.UserId), Shipment(3), Ct);

        var pushed = await alice.NextAsync();
        Assert.Equal(Shipment(3), pushed.Change);
        Assert.Equal(alice.UserGroup, pushed.Group);
        Assert.Null(await bob.AnythingWithinAsync(Quiet));
    }

    [Fact]
    public async Task Joining_a_company_is_refused_to_a_non_participant_and_granted_to_a_participant()
    {
        var company = Guid.NewGuid();
        await using var member = await api.ConnectAsync(Guid.NewGuid());
        await using var outsider = await api.ConnectAsync(Guid.NewGuid());
        api.Membership.Add(member.UserId, company);

        var refused = await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeAsync<long>("JoinCompany", company, Ct));
        Assert.Contains("Not allowed", refused.Message);
        await member.Connection.InvokeAsync<long>("JoinCompany", company, Ct);

        await Notifier.NotifyAsync(ChangeAudience.Company(company), new ChangeNotification("invoice", "INV-7", 2, null), Ct);

        var pushed = await member.NextAsync();
        Assert.Equal(ChangeAudience.Company(company).Group, pushed.Group);
        Assert.Equal("INV-7", pushed.Change.Id);
        Assert.Null(await outsider.AnythingWithinAsync(Quiet));
        // Reading a company's missed changes is authorised like joining it.
        await Assert.ThrowsAsync<HubException>(() => outsider.GetMissedAsync(ChangeAudience.Company(company).Group, 0));
    }

    [Fact]
    public async Task A_change_published_by_another_process_reaches_the_client_through_Redis()
    {
        await using var alice = await api.ConnectAsync(Guid.NewGuid());

        // A worker: SignalR and the backplane on its own Redis connection, no hub endpoint, nothing shared with the Api but Redis.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["RealTime:KeyPrefix"] = api.KeyPrefix })
            .Build();
        var redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis);
        await using (var worker = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConnectionMultiplexer>(redis)
            .AddWellWonChangeNotifier(configuration)
            .BuildServiceProvider())
        {
            await worker.GetRequiredService<IChangeNotifier>().NotifyAsync(ChangeAudience.User(alice.UserId), Shipment(9), Ct);

            var pushed = await alice.NextAsync();
            Assert.Equal(Shipment(9), pushed.Change);
        }

        // The backplane has a connection of its own: the process's shared one outlives SignalR's disposal untouched.
        Assert.True(redis.IsConnected);
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task A_client_that_reconnects_gets_what_it_missed_after_the_last_sequence_it_saw()
    {
        var user = Guid.NewGuid();
        var group = ChangeAudience.User(user).Group;
        long lastSeen;
        await using (var tab = await api.ConnectAsync(user))
        {
            await Notifier.NotifyAsync(ChangeAudience.User(user), Shipment(1), Ct);
            lastSeen = (await tab.NextAsync()).Sequence;
        }

        // While the tab is away.
        await Notifier.NotifyAsync(ChangeAudience.User(user), Shipment(2), Ct);
        await Notifier.NotifyAsync(ChangeAudience.User(user), Shipment(3), Ct);

        await using var reconnected = await api.ConnectAsync(user);
        var missed = await reconnected.GetMissedAsync(group, lastSeen);

        Assert.True(missed.Complete);
        Assert.Equal([2L, 3L], missed.Changes.Select(c => c.Change.Version));
        Assert.Equal([lastSeen + 1, lastSeen + 2], missed.Changes.Select(c => c.Sequence));
        Assert.Equal(lastSeen + 2, missed.Latest);

        var upToDate = await reconnected.GetMissedAsync(group, missed.Latest);
        Assert.True(upToDate.Complete);
        Assert.Empty(upToDate.Changes);

        // More missed than the group keeps: the client learns it must reload rather than trust a partial list.
        for (var version = 4; version <= 4 + RealTimeApiFactory.ResumeDepth; version++)
        {
            await Notifier.NotifyAsync(ChangeAudience.User(user), Shipment(version), Ct);
        }

        var tooFarBehind = await reconnected.GetMissedAsync(group, lastSeen);
        Assert.False(tooFarBehind.Complete);
        Assert.Equal(RealTimeApiFactory.ResumeDepth, tooFarBehind.Changes.Count);
        Assert.Equal(4L + RealTimeApiFactory.ResumeDepth, tooFarBehind.Changes[^1].Change.Version);

        // Someone else's group is not for reading.
        await Assert.ThrowsAsync<HubException>(() => reconnected.GetMissedAsync(ChangeAudience.User(Guid.NewGuid()).Group, 0));
    }

    private HubConnection WebSocketClient(string? token) =>
        new HubConnectionBuilder()
            .WithUrl(api.HubUrl, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    var url = token is null ? context.Uri : new UriBuilder(context.Uri) { Query = $"access_token={Uri.EscapeDataString(token)}" }.Uri;
                    return await api.Server.CreateWebSocketClient().ConnectAsync(url, ct);
                };
            })
            .Build();
}
