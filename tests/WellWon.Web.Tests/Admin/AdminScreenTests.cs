using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Web.Api;
using WellWon.Web.Components.Pages.Admin;

namespace WellWon.Web.Tests.Admin;

public sealed class AdminScreenTests : ScreenTestContext
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private static ProjectionView Projection(string status, RebuildView? rebuild = null) =>
        new("chat.messages", false, true, status, 1200, 3, At, rebuild);

    [Fact]
    public void A_rebuild_shows_its_progress_while_it_runs_and_the_button_again_when_done()
    {
        Api.On(HttpMethod.Get, "/api/admin/projections", HttpStatusCode.OK, ToJson(new[] { Projection("live") }))
           .On(HttpMethod.Post, "/api/admin/projections/chat.messages/rebuild", HttpStatusCode.Accepted, ToJson(new RebuildAccepted("chat.messages", "rebuild-requested")));
        var page = Render<AdminProjections>(p => p.Add(x => x.PollInterval, TimeSpan.FromMilliseconds(20)));
        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid=projection-lag-chat\\.messages]").TextContent));

        Api.On(HttpMethod.Get, "/api/admin/projections", HttpStatusCode.OK,
            ToJson(new[] { Projection("rebuilding", new RebuildView(400, 1000, 40, 200, 3, At, At, null, null)) }));
        page.Find("[data-testid=rebuild-chat\\.messages]").Click();

        page.WaitForAssertion(() => Assert.Equal("400 / 1,000 events (40 %), about 0:03 left", page.Find("[data-testid=rebuild-text-chat\\.messages]").TextContent));
        Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post && r.Path == "/api/admin/projections/chat.messages/rebuild");
        Assert.Equal("40", page.Find("[data-testid=rebuild-progress-chat\\.messages]").GetAttribute("aria-valuenow"));

        Api.On(HttpMethod.Get, "/api/admin/projections", HttpStatusCode.OK,
            ToJson(new[] { Projection("rebuilding", new RebuildView(900, 1000, 90, 250, 0.4, At, At, null, null)) }));
        page.WaitForAssertion(() => Assert.StartsWith("900 / 1,000", page.Find("[data-testid=rebuild-text-chat\\.messages]").TextContent, StringComparison.Ordinal));

        Api.On(HttpMethod.Get, "/api/admin/projections", HttpStatusCode.OK,
            ToJson(new[] { Projection("live", new RebuildView(1000, 1000, 100, 250, null, At, At, At.AddSeconds(4), null)) }));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=rebuild-chat\\.messages]")));
        Assert.Empty(page.FindAll("[data-testid=rebuild-progress-chat\\.messages]"));
    }

    [Fact]
    public void A_rebuild_already_running_is_refused_with_the_api_message()
    {
        Api.On(HttpMethod.Get, "/api/admin/projections", HttpStatusCode.OK, ToJson(new[] { Projection("live") }))
           .On(HttpMethod.Post, "/api/admin/projections/chat.messages/rebuild", HttpStatusCode.Conflict,
               """{"title":"Conflict","status":409,"code":"projection.rebuild-running","detail":"A rebuild of 'chat.messages' is already queued or running."}""");
        var page = Render<AdminProjections>();
        page.WaitForAssertion(() => page.Find("[data-testid=rebuild-chat\\.messages]"));

        page.Find("[data-testid=rebuild-chat\\.messages]").Click();

        page.WaitForAssertion(() => Assert.Equal("A rebuild of 'chat.messages' is already queued or running.", page.Find("[data-testid=api-problem]").TextContent.Trim()));
    }

    [Fact]
    public void Replaying_a_dead_letter_calls_its_replay_endpoint_and_takes_it_off_the_list()
    {
        const string id = "1767345000000-0";
        var letter = new DeadLetterView(id, "chat", "projections", "event-processor-1", 5, At, new DeadLetterError("NpgsqlException", "relation \"chat.messages\" does not exist"),
            new DeadLetterMessageView("chat-message-1", Guid.NewGuid(), "chat.message-posted.v1", 42, 0));
        Api.On(HttpMethod.Get, "/api/admin/dead-letters?topic=chat", HttpStatusCode.OK, ToJson(new DeadLetterPage("chat", [letter], null)))
           .On(HttpMethod.Get, "/api/admin/sagas?status=failed", HttpStatusCode.OK, ToJson(new SagaPage([], null)))
           .On(HttpMethod.Post, $"/api/admin/dead-letters/chat/{id}/replay", HttpStatusCode.NoContent);
        var page = Render<AdminDeadLetters>();
        page.WaitForAssertion(() => Assert.Contains("relation \"chat.messages\" does not exist", page.Find($"[data-testid=dead-letter-error-{id}]").TextContent, StringComparison.Ordinal));

        page.Find($"[data-testid=replay-{id}]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=dead-letters-empty]")));
        Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post && r.Path == $"/api/admin/dead-letters/chat/{id}/replay");
    }

    [Fact]
    public void Retrying_a_failed_saga_calls_its_retry_endpoint()
    {
        var saga = Guid.NewGuid();
        Api.On(HttpMethod.Get, "/api/admin/dead-letters?topic=chat", HttpStatusCode.OK, ToJson(new DeadLetterPage("chat", [], null)))
           .On(HttpMethod.Get, "/api/admin/sagas?status=failed", HttpStatusCode.OK, ToJson(new SagaPage(
               [new SagaView("company-chat", saga, "failed", 3, 5, "Conversation not found\n   at WellWon.Chat...", null, false, null, System.Text.Json.JsonDocument.Parse("{}").RootElement, At, At)], null)))
           .On(HttpMethod.Post, $"/api/admin/sagas/company-chat/{saga}/retry", HttpStatusCode.NoContent);
        var page = Render<AdminDeadLetters>();
        page.WaitForAssertion(() => page.Find($"[data-testid=retry-saga-{saga}]"));
        // The first line only: no stack trace on screen.
        Assert.DoesNotContain("at WellWon.Chat", page.Find($"[data-testid=saga-{saga}]").TextContent, StringComparison.Ordinal);

        page.Find($"[data-testid=retry-saga-{saga}]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=sagas-empty]")));
        Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post && r.Path == $"/api/admin/sagas/company-chat/{saga}/retry");
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "You do not have permission to do this.")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "WellWon is temporarily unavailable. Try again in a moment.")]
    public void A_refused_or_unavailable_api_shows_its_message_and_no_details(HttpStatusCode status, string message)
    {
        Api.On(HttpMethod.Get, "/api/admin/projections", status, $$"""{"title":"{{status}}","status":{{(int)status}},"code":"http.{{(int)status}}"}""");

        var page = Render<AdminProjections>();

        page.WaitForAssertion(() => Assert.Equal(message, page.Find("[data-testid=api-problem]").TextContent.Trim()));
        Assert.DoesNotContain("Exception", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ended_session_goes_to_sign_in_and_back_here_afterwards()
    {
        Api.On(HttpMethod.Get, "/api/admin/projections", HttpStatusCode.Unauthorized);
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/admin/projections");

        var page = Render<AdminProjections>();

        page.WaitForAssertion(() => Assert.EndsWith("/login?returnUrl=%2Fadmin%2Fprojections", navigation.Uri, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=api-problem]"));
    }

    [Fact]
    public void Users_are_searched_by_what_is_typed()
    {
        var user = new UserProfile(Guid.NewGuid(), "ops@acme.test", "Olga", "Petrova", null, null, null, "entrepreneur", 7, true);
        Api.On(HttpMethod.Get, "/api/users?search=&page=1&pageSize=20", HttpStatusCode.OK, ToJson(new UserPage([], 1, 20, 0)))
           .On(HttpMethod.Get, "/api/users?search=olga&page=1&pageSize=20", HttpStatusCode.OK, ToJson(new UserPage([user], 1, 20, 1)));
        Render<MudBlazor.MudPopoverProvider>();
        var page = Render<AdminUsers>();
        page.WaitForAssertion(() => page.Find("[data-testid=users-empty]"));

        page.Find("input[data-testid=user-search]").Input("olga");

        page.WaitForAssertion(() => Assert.Contains("Olga Petrova", page.Find($"[data-testid=user-row-{user.Id}]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(3));
    }
}
