using Microsoft.AspNetCore.Components;

namespace WellWon.Web.Components;

/// <summary>Where to send someone who must sign in, so that they come back to where they were.</summary>
public static class SignInLinks
{
    public static string LoginUrl(NavigationManager navigation) => LoginUrl("/" + navigation.ToBaseRelativePath(navigation.Uri));

    public static string LoginUrl(string returnUrl) =>
        returnUrl is "/" or "" ? "/login" : $"/login?returnUrl={Uri.EscapeDataString(returnUrl)}";

    public static string RegisterUrl(string? returnUrl) =>
        string.IsNullOrEmpty(returnUrl) || returnUrl == "/" ? "/register" : $"/register?returnUrl={Uri.EscapeDataString(returnUrl)}";
}
