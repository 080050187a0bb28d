using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using WellWon.Chat.Features;
using WellWon.Chat.ReadModel;
using WellWon.Chat.Tests.Hosts;
using WellWon.Platform.RealTime;

namespace WellWon.Chat.Tests.Http;

/// <summary>
/// Pushes of the chat to members' SignalR clients: the Api writes, the event-processor worker beside it applies the events and
/// pushes through the Redis backplane, the Api's hub delivers.
/// </summary>
public sealed class ChatRealTimeTests(ChatApiWithWorker api) : IClassFixture<ChatApiWithWorker>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_member_in_the_chat_group_is_pushed_posts_edits_deletes_and_read_receipts_and_an_outsider_cannot_join()
    {
        var (owner, ann, outsiderId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var chat = await api.SendAsync(new CreateCompanyChat(Guid.NewGuid(), owner, "Forwarders"));
        await api.SendAsync(new AddChatMember(chat, ann));
        await using var ownerHub = await Listen(owner);
        await using var outsider = await Listen(outsiderId);

        await ownerHub.Connection.InvokeAsync<long>("JoinChat", chat, Ct);
        var refused = await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeAsync<long>("JoinChat", chat, Ct));
        Assert.Contains("Not allowed", refused.Message);

        using var asAnn = api.ClientFor(ann);
        var posted = (await (await asAnn.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "ETA Friday" }, Ct)).Content.ReadFromJsonAsync<PostedMessage>(Ct))!;
        var push = await ownerHub.NextChangeAsync();
        Assert.Equal(ChangeAudience.Chat(chat).Group, push.Group);
        Assert.Equal(new ChangeNotification(ChatChanges.Messages, chat.ToString("D"), posted.Sequence, "posted"), push.Change);

        await asAnn.PatchAsJsonAsync($"/api/chats/{chat}/messages/{posted.Id}", new { text = "ETA Saturday" }, Ct);
        Assert.Equal(new ChangeNotification(ChatChanges.Message, posted.Id.ToString("D"), 1, "edited"), (await ownerHub.NextChangeAsync()).Change);

        using var asOwner = api.ClientFor(owner);
        await asOwner.PostAsJsonAsync($"/api/chats/{chat}/read", new { messageId = posted.Id }, Ct);
        var receipt = await ownerHub.NextChangeAsync();
        Assert.Equal(new ChangeNotification(ChatChanges.Read, owner.ToString("D"), posted.Sequence, "read"), receipt.Change);

        await asAnn.DeleteAsync($"/api/chats/{chat}/messages/{posted.Id}", Ct);
        Assert.Equal(new ChangeNotification(ChatChanges.Message, posted.Id.ToString("D"), 2, "deleted"), (await ownerHub.NextChangeAsync()).Change);
        Assert.Null(await outsider.AnythingWithinAsync(Quiet));

        // A member added later hears it in their own group, so their list of conversations refreshes.
        var bob = Guid.NewGuid();
        await using var bobHub = await Listen(bob);
        await api.SendAsync(new AddChatMember(chat, bob));
        var added = await bobHub.NextOwnAsync();
        Assert.Equal((ChatChanges.Conversation, chat.ToString("D"), "joined"), (added.Change.Entity, added.Change.Id, added.Change.Scope));
    }

    [Fact]
    public async Task Typing_reaches_the_other_members_only_from_a_joined_chat_and_is_never_stored()
    {
        var (ann, bob) = (Guid.NewGuid(), Guid.NewGuid());
        using var asAnn = api.ClientFor(ann);
        var chat = (await (await asAnn.PostAsJsonAsync("/api/chats/direct", new { userId = bob }, Ct)).Content.ReadFromJsonAsync<DirectChat>(Ct))!.Id;
        await using var annHub = await Listen(ann);
        await using var bobHub = await Listen(bob);

        await Assert.ThrowsAsync<HubException>(() => annHub.Connection.InvokeAsync("Typing", chat, Ct));
        await annHub.Connection.InvokeAsync<long>("JoinChat", chat, Ct);
        var latest = await bobHub.Connection.InvokeAsync<long>("JoinChat", chat, Ct);
        await annHub.Connection.InvokeAsync("Typing", chat, Ct);

        Assert.Equal(new TypingSignal(chat, ann), await bobHub.NextTypingAsync());
        Assert.Null(await annHub.AnythingWithinAsync(Quiet));
        var missed = await bobHub.Connection.InvokeAsync<MissedChanges>("GetMissed", ChangeAudience.Chat(chat).Group, latest, Ct);
        Assert.Empty(missed.Changes);
    }

    [Fact]
    public async Task A_client_that_was_away_catches_up_from_its_last_seen_message_by_cursor_and_from_the_hub()
    {
        var (ann, bob) = (Guid.NewGuid(), Guid.NewGuid());
        using var asAnn = api.ClientFor(ann);
        using var asBob = api.ClientFor(bob);
        var chat = (await (await asAnn.PostAsJsonAsync("/api/chats/direct", new { userId = bob }, Ct)).Content.ReadFromJsonAsync<DirectChat>(Ct))!.Id;
        await asAnn.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "Seen before going away" }, Ct);

        long sequence = 0;
        long lastSeen;
        await using (var bobHub = await Listen(bob))
        {
            await bobHub.Connection.InvokeAsync<long>("JoinChat", chat, Ct);
            // The worker pushes after the Api answered; the client's resume point is the group's sequence once it has that push.
            await ChatWorker.Until(
                async () =>
                {
                    var seen = await bobHub.Connection.InvokeAsync<MissedChanges>("GetMissed", ChangeAudience.Chat(chat).Group, 0L, Ct);
                    sequence = seen.Latest;
                    return seen.Changes.Any(c => c.Change.Scope == "posted");
                },
                "the first post is pushed");
            var page = (await asBob.GetFromJsonAsync<MessagePage>($"/api/chats/{chat}/messages", Ct))!;
            lastSeen = page.Items[0].Sequence;
        }

        for (var i = 0; i < 3; i++)
        {
            await asAnn.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = $"While away {i}" }, Ct);
        }

        await using var back = await Listen(bob);
        await back.Connection.InvokeAsync<long>("JoinChat", chat, Ct);
        MissedChanges missed = null!;
        await ChatWorker.Until(
            async () => (missed = await back.Connection.InvokeAsync<MissedChanges>("GetMissed", ChangeAudience.Chat(chat).Group, sequence, Ct))
                .Changes.Count(c => c.Change.Scope == "posted") == 3,
            "the worker has pushed the three posts");
        Assert.True(missed.Complete);
        Assert.Equal(lastSeen + 3, missed.Changes.Max(c => c.Change.Version));

        var caughtUp = (await asBob.GetFromJsonAsync<MessagePage>($"/api/chats/{chat}/messages?after={lastSeen}", Ct))!;
        Assert.Equal(["While away 0", "While away 1", "While away 2"], caughtUp.Items.Select(m => m.Text));
    }

    private async Task<Listener> Listen(Guid userId)
    {
        var listener = new Listener(await api.ConnectAsync(userId));
        // The user's group is joined in OnConnectedAsync; the first call is served after it.
        await listener.Connection.InvokeAsync<MissedChanges>("GetMissed", ChangeAudience.User(userId).Group, 0L, Ct);
        return listener;
    }

    /// <summary>A hub connection and what was pushed to it; pushes to the user's own group (list refreshes) are kept apart.</summary>
    private sealed class Listener : IAsyncDisposable
    {
        private readonly Channel<PushedChange> _changes = Channel.CreateUnbounded<PushedChange>();
        private readonly Channel<TypingSignal> _typing = Channel.CreateUnbounded<TypingSignal>();
        private readonly Channel<object> _anything = Channel.CreateUnbounded<object>();
        private readonly Channel<PushedChange> _own = Channel.CreateUnbounded<PushedChange>();

        public Listener(HubConnection connection)
        {
            Connection = connection;
            connection.On<PushedChange>(WellWonHub.ChangedMethod, c =>
            {
                if (c.Group.StartsWith("user:", StringComparison.Ordinal))
                {
                    _own.Writer.TryWrite(c);
                }
                else
                {
                    _changes.Writer.TryWrite(c);
                    _anything.Writer.TryWrite(c);
                }
            });
            connection.On<TypingSignal>(WellWonHub.TypingMethod, t =>
            {
                _typing.Writer.TryWrite(t);
                _anything.Writer.TryWrite(t);
            });
        }

        public HubConnection Connection { get; }

        public Task<PushedChange> NextChangeAsync() => Next(_changes, TimeSpan.FromSeconds(10));

        public Task<PushedChange> NextOwnAsync() => Next(_own, TimeSpan.FromSeconds(10));

        public Task<TypingSignal> NextTypingAsync() => Next(_typing, TimeSpan.FromSeconds(10));

        public async Task<object?> AnythingWithinAsync(TimeSpan wait)
        {
            try
            {
                return await Next(_anything, wait);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                return null;
            }
        }

        public ValueTask DisposeAsync() => Connection.DisposeAsync();

        private static async Task<T> Next<T>(Channel<T> channel, TimeSpan timeout)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            cts.CancelAfter(timeout);
            return await channel.Reader.ReadAsync(cts.Token);
        }
    }
}
