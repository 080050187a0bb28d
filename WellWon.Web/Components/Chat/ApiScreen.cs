using System.Net;
using Microsoft.AspNetCore.Components;
using WellWon.Web.Api;

namespace WellWon.Web.Components.Chat;

/// <summary>
/// What every chat and admin screen does with a failed call: the problem's message in the screen's alert, never an exception;
/// an ended session (401) goes to sign-in and comes back here afterwards.
/// </summary>
public abstract class ApiScreen : ComponentBase
{
    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    /// <summary>The last failure, shown by <see cref="ProblemAlert"/>; cleared by the next success the screen reports.</summary>
    protected ApiProblem? Problem { get; set; }

    /// <summary>True when <paramref name="result"/> succeeded; otherwise shows its problem (or leaves for sign-in) and returns false.</summary>
    protected bool Succeeded<T>(ApiResult<T> result)
    {
        if (result.Succeeded)
        {
            return true;
        }

        Show(result.Problem);
        return false;
    }

    protected void Show(ApiProblem problem)
    {
        if (problem.Status == HttpStatusCode.Unauthorized)
        {
            Navigation.NavigateTo(SignInAddress(Navigation));
            return;
        }

        Problem = problem;
    }

    protected void ClearProblem() => Problem = null;

    public static string SignInAddress(NavigationManager navigation) =>
        "/login?returnUrl=" + Uri.EscapeDataString("/" + navigation.ToBaseRelativePath(navigation.Uri));
}
