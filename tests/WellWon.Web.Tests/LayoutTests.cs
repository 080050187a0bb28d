using Microsoft.AspNetCore.Components;
using WellWon.Web.Components.Layout;

namespace WellWon.Web.Tests;

/// <summary>The layout: a page that fails shows a message for people, never an exception, and the rest of the app stays usable.</summary>
public sealed class LayoutTests : BunitContext
{
    [Fact]
    public void A_failing_page_shows_a_plain_message_inside_the_layout()
    {
        this.AddWebScreens(new StubApi(), Guid.NewGuid());

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, b =>
        {
            b.OpenComponent<FailingPage>(0);
            b.CloseComponent();
        }));

        layout.WaitForAssertion(() => Assert.Contains("Something went wrong on this page", layout.Find("#page-error").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("InvalidOperationException", layout.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("a secret detail", layout.Markup, StringComparison.Ordinal);
        Assert.Single(layout.FindAll("#user-menu"));
    }

    private sealed class FailingPage : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("a secret detail");
    }
}
