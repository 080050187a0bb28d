using Microsoft.AspNetCore.SignalR;

namespace WellWon.Platform.RealTime;

/// <summary>SignalR's user id is WellWon's (<c>sub</c>), so <c>Clients.User(id)</c> means the same user as the <c>user:{id}</c> group.</summary>
internal sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => WellWonHub.UserIdOf(connection.User)?.ToString("D");
}
