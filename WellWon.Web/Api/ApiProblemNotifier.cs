using System.Net;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using WellWon.Web.Components;

namespace WellWon.Web.Api;

/// <summary>
/// How a screen reports a failed call: a 401 (the session ended) sends the user to sign in and back here; anything else
/// is a snackbar with the problem's message for the user (never a stack trace).
/// </summary>
public sealed class ApiProblemNotifier(NavigationManager navigation, ISnackbar snackbar)
{
    /// <summary>Reports <paramref name="problem"/>; true when the user is being sent to sign in (the screen should stop).</summary>
    public bool Report(ApiProblem problem)
    {
        if (problem.Status == HttpStatusCode.Unauthorized)
        {
            navigation.NavigateTo(SignInLinks.LoginUrl(navigation), forceLoad: true);
            return true;
        }

        snackbar.Add(problem.Message, Severity.Error);
        return false;
    }

    /// <summary>True when the user must sign in again: the screen should do nothing more with the answer.</summary>
    public bool RedirectIfSignedOut(ApiProblem? problem)
    {
        if (problem?.Status != HttpStatusCode.Unauthorized)
        {
            return false;
        }

        navigation.NavigateTo(SignInLinks.LoginUrl(navigation), forceLoad: true);
        return true;
    }
}
