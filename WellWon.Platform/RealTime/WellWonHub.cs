using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace WellWon.Platform.RealTime;

/// <summary>
/// The one real-time endpoint of WellWon ("WSE"). A signed-in client is put in its user's group on connect, joins a company's
/// or a chat's group after a membership check, and receives <c>changed</c> (<see cref="PushedChange"/>) for what it may see;
/// after a reconnect it asks <see cref="GetMissed"/> for what came while it was away. Nothing flows from the client but these
/// calls, and the typing signal, which is relayed to the chat and never stored.
/// </summary>
[Authorize]
public sealed class WellWonHub(ICompanyMembership membership, IChatMembership chats, RedisChangeLog changeLog) : Hub
{
    public const string Path = "/hubs/wellwon";

    /// <summary>The client method that receives a <see cref="PushedChange"/>.</summary>
    public const string ChangedMethod = "changed";

    /// <summary>The client method that receives a <see cref="TypingSignal"/>.</summary>
    public const string TypingMethod = "typing";

    private const string CountedItem = "wellwon.counted";
    private const string JoinedChatsItem = "wellwon.chats";

    public override async Task OnConnectedAsync()
    {
        var userId = UserIdOf(Context.User)
            ?? throw new HubException("The token names no WellWon user (claim 'sub').");
        await Groups.AddToGroupAsync(Context.ConnectionId, ChangeAudience.User(userId).Group, Context.ConnectionAborted);
        Context.Items[CountedItem] = true;
        RealTimeTelemetry.Connections.Add(1);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        // Only connections that were counted in are counted out: a refused one never reached the Add above.
        if (Context.Items.Remove(CountedItem))
        {
            RealTimeTelemetry.Connections.Add(-1);
        }

        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Follows a company's changes; refused unless the caller participates in it. Returns the group's latest sequence.</summary>
    public async Task<long> JoinCompany(Guid companyId)
    {
        var audience = ChangeAudience.Company(companyId);
        await AuthorizeAsync(audience);
        await Groups.AddToGroupAsync(Context.ConnectionId, audience.Group, Context.ConnectionAborted);
        return await changeLog.LatestAsync(audience, Context.ConnectionAborted);
    }

    public Task LeaveCompany(Guid companyId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, ChangeAudience.Company(companyId).Group, Context.ConnectionAborted);

    /// <summary>Follows a conversation (new, edited and deleted messages, read receipts, typing); refused unless the caller is a member.</summary>
    public async Task<long> JoinChat(Guid chatId)
    {
        var audience = ChangeAudience.Chat(chatId);
        await AuthorizeAsync(audience);
        await Groups.AddToGroupAsync(Context.ConnectionId, audience.Group, Context.ConnectionAborted);
        JoinedChats().Add(chatId);
        return await changeLog.LatestAsync(audience, Context.ConnectionAborted);
    }

    public Task LeaveChat(Guid chatId)
    {
        JoinedChats().Remove(chatId);
        return Groups.RemoveFromGroupAsync(Context.ConnectionId, ChangeAudience.Chat(chatId).Group, Context.ConnectionAborted);
    }

    /// <summary>
    /// Tells the chat's other connections that the caller is typing. Ephemeral: relayed, never stored or replayed. Only from a
    /// chat this connection joined (authorised then), so a keystroke costs no membership query.
    /// </summary>
    public Task Typing(Guid chatId)
    {
        var userId = UserIdOf(Context.User) ?? throw new HubException("Not signed in.");
        if (!JoinedChats().Contains(chatId))
        {
            throw new HubException($"Join {ChangeAudience.Chat(chatId).Group} before signalling typing in it.");
        }

        return Clients.OthersInGroup(ChangeAudience.Chat(chatId).Group)
            .SendAsync(TypingMethod, new TypingSignal(chatId, userId), Context.ConnectionAborted);
    }

    /// <summary>
    /// The group's notifications after <paramref name="afterSequence"/> that are still kept, authorised like joining it.
    /// A reconnecting client joins first and asks second, and drops sequences it already has, so nothing falls in between.
    /// </summary>
    public async Task<MissedChanges> GetMissed(string group, long afterSequence)
    {
        if (!ChangeAudience.TryParse(group, out var audience))
        {
            throw new HubException($"'{group}' is not a WellWon group (user:{{id}}, company:{{id}} or chat:{{id}}).");
        }

        await AuthorizeAsync(audience);
        return await changeLog.ReadAfterAsync(audience, afterSequence, Context.ConnectionAborted);
    }

    // Hub calls of one connection run one at a time, so a plain set is safe.
    private HashSet<Guid> JoinedChats()
    {
        if (Context.Items.TryGetValue(JoinedChatsItem, out var joined) && joined is HashSet<Guid> set)
        {
            return set;
        }

        set = [];
        Context.Items[JoinedChatsItem] = set;
        return set;
    }

    /// <summary>The user id from <c>sub</c>, or from NameIdentifier where the JWT handler mapped <c>sub</c> to it.</summary>
    internal static Guid? UserIdOf(ClaimsPrincipal? user) =>
        Guid.TryParse((user?.FindFirst("sub") ?? user?.FindFirst(ClaimTypes.NameIdentifier))?.Value, out var id) ? id : null;

    private async Task AuthorizeAsync(ChangeAudience audience)
    {
        var userId = UserIdOf(Context.User) ?? throw new HubException("Not signed in.");
        var allowed = audience.Kind switch
        {
            ChangeAudienceKind.User => audience.Id == userId,
            ChangeAudienceKind.Company => await membership.IsParticipantAsync(userId, audience.Id, Context.ConnectionAborted),
            ChangeAudienceKind.Chat => await chats.IsMemberAsync(userId, audience.Id, Context.ConnectionAborted),
            _ => false,
        };
        if (!allowed)
        {
            throw new HubException($"Not allowed to follow {audience.Group}.");
        }
    }
}

/// <summary>What a chat's other connections receive as <c>typing</c>: who is typing where. Never stored.</summary>
public sealed record TypingSignal(Guid ChatId, Guid UserId);
