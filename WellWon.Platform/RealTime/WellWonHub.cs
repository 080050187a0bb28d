using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace WellWon.Platform.RealTime;

/// <summary>
/// The one real-time endpoint of WellWon ("WSE"). A signed-in client is put in its user's group on connect, joins a company's
/// group after a membership check, and receives <c>changed</c> (<see cref="PushedChange"/>) for what it may see; after a
/// reconnect it asks <see cref="GetMissed"/> for what came while it was away. Nothing flows from the client but these calls.
/// </summary>
[Authorize]
public sealed class WellWonHub(ICompanyMembership membership, RedisChangeLog changeLog) : Hub
{
    public const string Path = "/hubs/wellwon";

    /// <summary>The client method that receives a <see cref="PushedChange"/>.</summary>
    public const string ChangedMethod = "changed";

    private const string CountedItem = "wellwon.counted";

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

    /// <summary>
    /// The group's notifications after <paramref name="afterSequence"/> that are still kept, authorised like joining it.
    /// A reconnecting client joins first and asks second, and drops sequences it already has, so nothing falls in between.
    /// </summary>
    public async Task<MissedChanges> GetMissed(string group, long afterSequence)
    {
        if (!ChangeAudience.TryParse(group, out var audience))
        {
            throw new HubException($"'{group}' is not a WellWon group (user:{{id}} or company:{{id}}).");
        }

        await AuthorizeAsync(audience);
        return await changeLog.ReadAfterAsync(audience, afterSequence, Context.ConnectionAborted);
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
            _ => false,
        };
        if (!allowed)
        {
            throw new HubException($"Not allowed to follow {audience.Group}.");
        }
    }
}
