using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static WellWon.Companies.Tests.Http.Answers;

namespace WellWon.Companies.Tests.Http;

/// <summary>Invitations past their lifetime (two seconds here, seven days by default) cannot be answered and read as expired.</summary>
public sealed class InvitationExpiryHttpTests(ShortInvitationsApiFactory api) : IClassFixture<ShortInvitationsApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_expired_invitation_is_refused_listed_as_expired_and_the_address_can_be_invited_again()
    {
        var owner = CompaniesApiFactory.NewUser();
        var invitee = CompaniesApiFactory.NewUser();
        var id = await api.CreateCompanyAsync(owner);
        using var ownerClient = api.ClientFor(owner);
        var invite = await ownerClient.PostAsJsonAsync($"/api/companies/{id}/invitations", new { email = invitee.Email, role = "member" }, Ct);
        var issued = await invite.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var (invitationId, token) = (issued.GetProperty("id").GetGuid(), issued.GetProperty("token").GetString()!);
        var expiresAt = issued.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.Zero, ShortInvitationsApiFactory.Lifetime);

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200), Ct);

        using var inviteeClient = api.ClientFor(invitee);
        await ProblemAsync(await inviteeClient.PostAsJsonAsync($"/api/companies/invitations/{invitationId}/accept", new { token }, Ct), HttpStatusCode.UnprocessableEntity, "companies.invitation-expired");
        await ProblemAsync(await inviteeClient.PostAsJsonAsync($"/api/companies/invitations/{invitationId}/decline", new { token }, Ct), HttpStatusCode.UnprocessableEntity, "companies.invitation-expired");
        var listed = Assert.Single((await ownerClient.GetFromJsonAsync<JsonElement>($"/api/companies/{id}/invitations", Ct)).EnumerateArray());
        Assert.Equal("expired", listed.GetProperty("status").GetString());
        await ProblemAsync(await inviteeClient.GetAsync($"/api/companies/{id}", Ct), HttpStatusCode.NotFound, "companies.company-not-found");

        // The expired one no longer blocks a new invitation to the same address.
        await api.InviteAsync(owner, id, invitee, "member");
    }

    [Fact]
    public void Invitations_last_seven_days_unless_configured()
    {
        Assert.Equal(TimeSpan.FromDays(7), new CompaniesOptions().InvitationLifetime);
    }
}
