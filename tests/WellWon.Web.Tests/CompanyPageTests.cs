using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WellWon.Web.Components.Pages.Companies;

namespace WellWon.Web.Tests;

/// <summary>
/// The company page shows administration controls to owners and admins only (the Api enforces it anyway), and the invite
/// dialog sends the Api what it expects.
/// </summary>
public sealed class CompanyPageTests : BunitContext
{
    private static readonly Guid CompanyId = Guid.Parse("0196a0c4-1111-7000-8000-000000000001");
    private static readonly Guid Owner = Guid.Parse("0196a0c4-0000-7000-8000-0000000000aa");
    private static readonly Guid Viewer = Guid.Parse("0196a0c4-0000-7000-8000-0000000000bb");

    private readonly StubApi _api = new();

    [Fact]
    public void A_viewer_sees_the_company_without_any_edit_control()
    {
        this.AddWebScreens(AnswersFor("viewer"), Viewer);

        var page = Render<CompanyPage>(p => p.Add(c => c.Id, CompanyId));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=participant-user]").Count));
        Assert.Equal("Tea Importers LLC", page.Find("#company-title").TextContent.Trim());
        Assert.Empty(page.FindAll("#company-edit-open"));
        Assert.Empty(page.FindAll("#invite-open"));
        Assert.Empty(page.FindAll("[data-testid=participant-remove]"));
        Assert.Empty(page.FindAll("[data-testid=participant-role]"));
        Assert.Empty(page.FindAll("#invitations-table"));
        Assert.DoesNotContain(_api.Requests, r => r.Path.EndsWith("/invitations", StringComparison.Ordinal));
    }

    [Fact]
    public void An_owner_sees_edit_invite_role_and_remove_controls_and_the_invitations()
    {
        this.AddWebScreens(AnswersFor("owner"), Owner);

        var page = Render<CompanyPage>(p => p.Add(c => c.Id, CompanyId));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=invitation-email]")));
        Assert.Single(page.FindAll("#company-edit-open"));
        Assert.Single(page.FindAll("#invite-open"));
        // Everyone's role and removal but the owner's own.
        Assert.Single(page.FindAll($"#participant-remove-{Viewer}"));
        Assert.Empty(page.FindAll($"#participant-remove-{Owner}"));
        Assert.Single(page.FindAll("[data-testid=invitation-revoke]"));
    }

    [Fact]
    public void The_invite_dialog_posts_the_address_and_role_and_shows_the_acceptance_link()
    {
        var invitationId = Guid.Parse("0196a0c4-2222-7000-8000-000000000001");
        _api.On(HttpMethod.Post, $"/api/companies/{CompanyId}/invitations", HttpStatusCode.Created,
            $$"""{"id":"{{invitationId}}","token":"tok_en-1","expiresAt":"2026-12-02T12:00:00+00:00"}""");
        this.AddWebScreens(_api, Owner);
        var providers = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
        });

        var dialogs = Services.GetRequiredService<IDialogService>();
        providers.InvokeAsync(() => dialogs.ShowAsync<InviteDialog>("Invite", new DialogParameters<InviteDialog> { { d => d.CompanyId, CompanyId } }));
        providers.WaitForAssertion(() => providers.Find("#invite-email"));
        providers.Find("#invite-email").Change("  bob@example.com ");
        providers.Find("#invite-submit").Click();

        providers.WaitForAssertion(() => providers.Find("#invite-sent"));
        var post = Assert.Single(_api.Requests);
        Assert.Equal((HttpMethod.Post, $"/api/companies/{CompanyId}/invitations"), (post.Method, post.Path));
        Assert.Equal("""{"email":"bob@example.com","role":"member"}""", post.Body);
        Assert.EndsWith($"/invitations/{invitationId}/accept?token=tok_en-1", providers.Find("#invite-link").GetAttribute("value"), StringComparison.Ordinal);
    }

    private StubApi AnswersFor(string myRole) => _api
        .On(HttpMethod.Get, $"/api/companies/{CompanyId}", HttpStatusCode.OK, JsonSerializer.Serialize(new
        {
            id = CompanyId, name = "Tea Importers LLC", country = "RU", companyType = "importer", taxId = "7707083893", address = (object?)null,
            status = "active", createdAt = DateTimeOffset.UnixEpoch, updatedAt = DateTimeOffset.UnixEpoch, myRole,
        }))
        .On(HttpMethod.Get, $"/api/companies/{CompanyId}/participants", HttpStatusCode.OK,
            $$"""[{"userId":"{{Owner}}","role":"owner","joinedAt":null},{"userId":"{{Viewer}}","role":"viewer","joinedAt":"2026-11-20T10:00:00+00:00"}]""")
        .On(HttpMethod.Get, $"/api/companies/{CompanyId}/invitations", HttpStatusCode.OK,
            """[{"id":"0196a0c4-3333-7000-8000-000000000001","email":"carl@example.com","role":"member","status":"pending","invitedBy":null,"createdAt":null,"expiresAt":null,"respondedAt":null,"respondedBy":null}]""");
}
