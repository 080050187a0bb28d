using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using WellWon.Web.Api;
using WellWon.Web.Live;

namespace WellWon.Web.Tests.Chat;

/// <summary>The Web's hub connection against the real Api hub, with the worker pushing, and a network that goes down and comes back.</summary>
public sealed class LiveConnectionHubTests(LiveHub hub) : IClassFixture<LiveHub>
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Receives_a_posted_message_and_after_a_forced_reconnect_replays_what_it_missed_once_and_in_order()
    {
        var (ann, bob) = (Guid.NewGuid(), Guid.NewGuid());
        using var asAnn = hub.ClientFor(ann);
        var started = await asAnn.PostAsJsonAsync("/api/chats/direct", new { userId = bob }, Ct);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var chat = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var group = LiveGroups.Chat(chat);

        var network = new TestNetwork();
        await using var live = hub.LiveConnectionFor(bob, network);
        var changes = new ConcurrentQueue<LiveChange>();
        var states = new ConcurrentQueue<LiveState>();
        live.Changed += changes.Enqueue;
        live.StateChanged += states.Enqueue;
        await live.FollowUserAsync(bob, Ct);
        await live.JoinChatAsync(chat, Ct);
        Assert.Equal(LiveState.Connected, live.State);

        var first = await PostAsync(asAnn, chat, "Container loaded");
        var watch = Stopwatch.StartNew();
        await Until(() => Posted(changes, group).Contains(first), "the first post is pushed");
        var pushLatency = watch.Elapsed;

        network.GoOffline();
        await Until(() => live.State == LiveState.Reconnecting, "the connection notices the network is down");
        var second = await PostAsync(asAnn, chat, "Customs cleared");
        var third = await PostAsync(asAnn, chat, "On the truck");
        // The worker has pushed both to the group (the hub keeps them for resuming clients) while Bob was away.
        await using (var annHub = await hub.ConnectAsync(ann))
        {
            await Until(
                async () => (await annHub.InvokeAsync<MissedChanges>("GetMissed", group, 0L, Ct)).Changes.Count(c => c.Change.Scope == "posted") == 3,
                "the worker pushed the posts made while Bob was offline");
        }

        Assert.DoesNotContain(second, Posted(changes, group));
        network.GoOnline();
        watch.Restart();

        await Until(() => Posted(changes, group).Contains(third), "the missed posts are replayed after the reconnect");
        var resumeTime = watch.Elapsed;
        Assert.Equal(LiveState.Connected, live.State);
        // Each post once. Pushes keep the group's order, not the messages' (each message is a stream of its own, so the worker may
        // push 3 before 2); the screens merge by message sequence.
        Assert.Equal([first, second, third], Posted(changes, group).Order());
        var sequences = changes.Where(c => c.Group == group).Select(c => c.Sequence).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Distinct().Count(), sequences.Count);
        Assert.DoesNotContain(changes, c => c.IsResync);
        Assert.Equal([LiveState.Connecting, LiveState.Connected, LiveState.Reconnecting, LiveState.Connected], Collapsed(states));

        // After the resume the connection is live again: a new post comes as a push.
        var fourth = await PostAsync(asAnn, chat, "Delivered");
        await Until(() => Posted(changes, group).Contains(fourth), "a post after the resume is pushed");
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"push after post: {pushLatency.TotalMilliseconds:F0} ms; replay after the network came back: {resumeTime.TotalMilliseconds:F0} ms");
    }

    private static async Task<long> PostAsync(HttpClient client, Guid chat, string text)
    {
        var response = await client.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PostedMessage>(Ct))!.Sequence;
    }

    private static List<long> Posted(IEnumerable<LiveChange> changes, string group) =>
        [.. changes.Where(c => c.Group == group && c.Change is { Entity: ChatChangeKinds.Messages }).Select(c => c.Change!.Version)];

    // The states in order, a state repeated at once counted once.
    private static List<LiveState> Collapsed(IEnumerable<LiveState> states) =>
        states.Aggregate(new List<LiveState>(), (list, s) =>
        {
            if (list.Count == 0 || list[^1] != s)
            {
                list.Add(s);
            }

            return list;
        });

    private static Task Until(Func<bool> condition, string what) => Until(() => Task.FromResult(condition()), what);

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var limit = TimeSpan.FromSeconds(30);
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > limit)
            {
                Assert.Fail($"Not within {limit.TotalSeconds:F0} s: {what}");
            }

            await Task.Delay(25, Ct);
        }
    }
}
