using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace WellWon.Web.Components.Chat;

/// <summary>The signed-in user's id, from the same claim the Api reads (<c>sub</c>, or NameIdentifier where it was mapped).</summary>
public static class CurrentUser
{
    public static async Task<Guid?> IdAsync(AuthenticationStateProvider authentication)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return Guid.TryParse((user.FindFirst("sub") ?? user.FindFirst(ClaimTypes.NameIdentifier))?.Value, out var id) ? id : null;
    }

    /// <summary>How a member is named until the Api gives chats their members' names: a short, stable part of the id.</summary>
    public static string ShortName(Guid userId) => "User " + userId.ToString("N")[..6];
}
