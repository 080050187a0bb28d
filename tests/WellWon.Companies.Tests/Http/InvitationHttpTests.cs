using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using static WellWon.Companies.Tests.Http.Answers;

namespace WellWon.Companies.Tests.Http;

/// <summary>Invitations over HTTP: issue, send, accept, decline, revoke; a token answers once and only for the invited address.</summary>
public sealed class InvitationHttpTests(CompaniesApiFactory api) : IClassFixture<CompaniesApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Invited_accepted_and_listed_as_a_participant_with_the_role()
    {
        var owner = CompaniesApiFactory.NewUser();
        var invitee = CompaniesApiFactory.NewUser();
        var id = await api.CreateCompanyAsync(owner);
        using var ownerClient = api.ClientFor(owner);

        var invite = await ownerClient.PostAsJsonAsync($"/api/companies/{id}/invitations", new { email = invitee.Email.ToUpperInvariant(), role = "manager" }, Ct);
        Assert.Equal(HttpStatusCode.Created, invite.StatusCode);
        var issued = await invite.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var invitationId = issued.GetProperty("id").GetGuid();
        var token = issued.GetProperty("token").GetString()!;

        // The invitee was sent the same token, to the normalised address.
        var sent = Assert.Single(api.Sent.Messages, m => m.InvitationId == invitationId);
        Assert.Equal((invitee.Email, token, "Tea Importers LLC", "manager"), (sent.To, sent.Token, sent.CompanyName, sent.Role));

        var pending = Assert.Single((await ownerClient.GetFromJsonAsync<JsonElement>($"/api/companies/{id}/invitations", Ct)).EnumerateArray());
        Assert.Equal((invitationId, invitee.Email, "manager", "pending"), (pending.GetProperty("id").GetGuid(), pending.GetProperty("email").GetString(), pending.GetProperty("role").GetString(), pending.GetProperty("status").GetString()));
        Assert.False(pending.TryGetProperty("token", out _));

        using var inviteeClient = api.ClientFor(invitee);
        await ProblemAsync(await inviteeClient.GetAsync($"/api/companies/{id}", Ct), HttpStatusCode.NotFound, "companies.company-not-found");
        var accept = await inviteeClient.PostAsJsonAsync($"/api/companies/invitations/{invitationId}/accept", new { token }, Ct);
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        var accepted = await accept.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((id, "manager"), (accepted.GetProperty("companyId").GetGuid(), accepted.GetProperty("role").GetString()));

        var participants = await ownerClient.GetFromJsonAsync<JsonElement>($"/api/companies/{id}/participants", Ct);
        Assert.Equal(
            [(owner.Id, "owner"), (invitee.Id, "manager")],
            participants.EnumerateArray().Select(p => (p.GetProperty("userId").GetGuid(), p.GetProperty("role").GetString())).ToList());
        Assert.Equal("manager", (await inviteeClient.GetFromJsonAsync<JsonElement>($"/api/companies/{id}", Ct)).GetProperty("myRole").GetString());
        Assert.Single((await inviteeClient.GetFromJsonAsync<JsonElement>("/api/companies", Ct)).EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);

        var answered = Assert.Single((await ownerClient.GetFromJsonAsync<JsonElement>($"/api/companies/{id}/invitations", Ct)).EnumerateArray());
        Assert.Equal(("accepted", invitee.Id), (answered.GetProperty("status").GetString(), answered.GetProperty("respondedBy").GetGuid()));

        // A token is good once, whoever tries it next.
        await ProblemAsync(await inviteeClient.PostAsJsonAsync($"/api/companies/invitations/{invitationId}/accept", new { token }, Ct), HttpStatusCode.UnprocessableEntity, "companies.invitation-not-pending");
        using var sameAddress = api.ClientFor(invitee with { Id = Guid.CreateVersion7() });
        await ProblemAsync(await sameAddress.PostAsJsonAsync($"/api/companies/invitations/{invitationId}/accept", new { token }, Ct), HttpStatusCode.UnprocessableEntity, "companies.invitation-not-pending");
    }

    [Fact]
    public async Task Only_the_invited_address_with_the_right_token_accepts()
    {
        var owner = CompaniesApiFactory.NewUser();
        var invitee = CompaniesApiFactory.NewUser();
        var id = await api.CreateCompanyAsync(owner);
        var (invitationId, token) = await api.InviteAsync(owner, id, invitee, "member");
        var (_, otherToken) = await api.InviteAsync(owner, id, CompaniesApiFactory.NewUser(), "member");
        var otherCompany = await api.CreateCompanyAsync(owner, "Other Tea");
        var (_, foreignToken) = await api.InviteAsync(owner, otherCompany, invitee, "member");

        using var someoneElse = api.ClientFor(CompaniesApiFactory.NewUser());
        await ProblemAsync(await someoneElse.PostAsJsonAsync($"/api/companies/invitations/{invitationId}/accept", new { token }, Ct), HttpStatusCode.UnprocessableEntity, "companies.invitation-email-mismatch");

        using var inviteeClient = api.ClientFor(invitee);
        foreach (var wrong in new[] { otherToken, foreignToken, token[..^2] + "xx", "not-a-token" })
        {
            await ProblemAsync(await inviteeClient.PostAsJsonAsync($"/api/companies/invitations/{invitationId}/accept", new { token = wrong }, Ct), HttpStatusCode.NotFound, "companies.invitation-not-found");
        }

        await ProblemAsync(await inviteeClient.PostAsJsonAsync($"/api/companies/invitations/{Guid.CreateVersion7()}/accept", new { token }, Ct), HttpStatusCode.NotFound, "companies.invitation-not-found");
        var empty = await ProblemAsync(await inviteeClient.PostAsJsonAsync($"/api/companies/invitations/{invitationId}/accept", new { token = "" }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["token"], ErrorFields(empty));

        Assert.Equal(HttpStatusCode.OK, (await inviteeClient.PostAsJsonAsync($"/api/companies/invitations/{invitationId}/accept", new { token }, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_declined_invitation_cannot_be_accepted_afterwards()
    {
        var owner = CompaniesApiFactory.NewUser();
        var invitee = CompaniesApiFactory.NewUser();
        var id = await api.CreateCompanyAsync(owner);
        var (invitationId, token) = await api.InviteAsync(owner, id, invitee, "member");
        using var inviteeClient = api.ClientFor(invitee);

        Assert.Equal(HttpStatusCode.NoContent, (await inviteeClient.PostAsJsonAsync($"/api/companies/invitations/{invitationId}/decline", new { token }, Ct)).StatusCode);

        await ProblemAsync(await inviteeClient.PostAsJsonAsync($"/api/companies/invitations/{invitationId}/accept", new { token }, Ct), HttpStatusCode.UnprocessableEntity, "companies.invitation-not-pending");
        using var ownerClient = api.ClientFor(owner);
        var declined = Assert.Single((await ownerClient.GetFromJsonAsync<JsonElement>($"/api/companies/{id}/invitations", Ct)).EnumerateArray());
        Assert.Equal(("declined", invitee.Id), (declined.GetProperty("status").GetString(), declined.GetProperty("respondedBy").GetGuid()));
        Assert.Single((await ownerClient.GetFromJsonAsync<JsonElement>($"/api/companies/{id}/participants", Ct)).EnumerateArray());
    }

    [Fact]
    public async Task Owners_and_admins_revoke_and_a_revoked_token_is_dead()
    {
        var owner = CompaniesApiFactory.NewUser();
        var admin = CompaniesApiFactory.NewUser();
        var member = CompaniesApiFactory.NewUser();
        var invitee = CompaniesApiFactory.NewUser();
        var id = await api.CreateCompanyAsync(owner);
        await api.JoinAsync(owner, id, admin, "admin");
        await api.JoinAsync(owner, id, member, "member");
        var (invitationId, token) = await api.InviteAsync(owner, id, invitee, "viewer");
        var (ownerInvitation, _) = await api.InviteAsync(owner, id, CompaniesApiFactory.NewUser(), "owner");
        using var memberClient = api.ClientFor(member);
        using var adminClient = api.ClientFor(admin);

        await ProblemAsync(await memberClient.GetAsync($"/api/companies/{id}/invitations", Ct), HttpStatusCode.Forbidden, "auth.forbidden");
        await ProblemAsync(await memberClient.DeleteAsync($"/api/companies/{id}/invitations/{invitationId}", Ct), HttpStatusCode.Forbidden, "auth.forbidden");
        await ProblemAsync(await adminClient.DeleteAsync($"/api/companies/{id}/invitations/{ownerInvitation}", Ct), HttpStatusCode.UnprocessableEntity, "companies.role-above-own");
        await ProblemAsync(await adminClient.DeleteAsync($"/api/companies/{id}/invitations/{Guid.CreateVersion7()}", Ct), HttpStatusCode.NotFound, "companies.invitation-not-found");
        Assert.Equal(HttpStatusCode.NoContent, (await adminClient.DeleteAsync($"/api/companies/{id}/invitations/{invitationId}", Ct)).StatusCode);
        await ProblemAsync(await adminClient.DeleteAsync($"/api/companies/{id}/invitations/{invitationId}", Ct), HttpStatusCode.UnprocessableEntity, "companies.invitation-not-pending");

        using var inviteeClient = api.ClientFor(invitee);
        await ProblemAsync(await inviteeClient.PostAsJsonAsync($"/api/companies/invitations/{invitationId}/accept", new { token }, Ct), HttpStatusCode.UnprocessableEntity, "companies.invitation-not-pending");
        var statuses = (await adminClient.GetFromJsonAsync<JsonElement>($"/api/companies/{id}/invitations", Ct)).EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetGuid(), i => i.GetProperty("status").GetString());
        Assert.Equal("revoked", statuses[invitationId]);
        Assert.Equal("pending", statuses[ownerInvitation]);
    }

    [Fact]
    public async Task Invitations_are_for_owners_and_admins_with_a_valid_address_and_role_up_to_their_own()
    {
        var owner = CompaniesApiFactory.NewUser();
        var admin = CompaniesApiFactory.NewUser();
        var manager = CompaniesApiFactory.NewUser();
        var id = await api.CreateCompanyAsync(owner);
        await api.JoinAsync(owner, id, admin, "admin");
        await api.JoinAsync(owner, id, manager, "manager");
        using var adminClient = api.ClientFor(admin);
        using var managerClient = api.ClientFor(manager);

        var invalid = await ProblemAsync(await adminClient.PostAsJsonAsync($"/api/companies/{id}/invitations", new { email = "not-an-address", role = "boss" }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["email", "role"], ErrorFields(invalid).Order(StringComparer.Ordinal));
        await ProblemAsync(await adminClient.PostAsJsonAsync($"/api/companies/{id}/invitations", new { email = "new.owner@example.com", role = "owner" }, Ct), HttpStatusCode.UnprocessableEntity, "companies.role-above-own");
        await ProblemAsync(await managerClient.PostAsJsonAsync($"/api/companies/{id}/invitations", new { email = "friend@example.com", role = "viewer" }, Ct), HttpStatusCode.Forbidden, "auth.forbidden");

        Assert.Equal(HttpStatusCode.Created, (await adminClient.PostAsJsonAsync($"/api/companies/{id}/invitations", new { email = "friend@example.com", role = "admin" }, Ct)).StatusCode);
        await ProblemAsync(await adminClient.PostAsJsonAsync($"/api/companies/{id}/invitations", new { email = "FRIEND@example.com", role = "member" }, Ct), HttpStatusCode.UnprocessableEntity, "companies.invitation-already-pending");
    }

    [Fact]
    public async Task An_account_registered_through_Identity_accepts_with_the_address_its_access_token_carries()
    {
        var owner = CompaniesApiFactory.NewUser();
        var id = await api.CreateCompanyAsync(owner);
        var email = $"real-{Guid.NewGuid():N}@example.com";
        using var anonymous = api.CreateClient();
        var register = await anonymous.PostAsJsonAsync("/api/auth/register", new { email, password = "a long password 1", firstName = "Ivan", lastName = "Petrov" }, Ct);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var userId = (await register.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = email.ToUpperInvariant(), password = "a long password 1" }, Ct);
        var accessToken = (await login.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString();
        var (invitationId, token) = await api.InviteAsync(owner, id, new TestUser(userId, email), "member");

        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/companies/invitations/{invitationId}/accept", new { token }, Ct)).StatusCode);

        Assert.Equal("member", (await client.GetFromJsonAsync<JsonElement>($"/api/companies/{id}", Ct)).GetProperty("myRole").GetString());
    }
}
