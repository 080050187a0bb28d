using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.Projections;
using static WellWon.Companies.Tests.Http.Answers;

namespace WellWon.Companies.Tests.Http;

/// <summary>Companies over HTTP end to end: the real Api, real PostgreSQL and Redis, a database of its own.</summary>
public sealed class CompanyHttpTests(CompaniesApiFactory api) : IClassFixture<CompaniesApiFactory>
{
    private const string NotFound = "companies.company-not-found";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_company_is_201_and_its_creator_sees_it_at_once_as_owner()
    {
        var owner = CompaniesApiFactory.NewUser();
        using var client = api.ClientFor(owner);

        var response = await client.PostAsJsonAsync("/api/companies", new
        {
            name = " Tea Importers LLC ",
            country = "ru",
            companyType = "importer",
            taxId = "7707083893",
            address = new { line1 = "Vavilova 19", city = "Moscow", postalCode = "117312", country = "RU" },
        }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.Equal($"/api/companies/{id}", response.Headers.Location?.ToString());

        // Read right after the write: the sync projections have run before the 201.
        var mine = await client.GetFromJsonAsync<JsonElement>("/api/companies", Ct);
        var listed = Assert.Single(mine.EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        Assert.Equal("owner", listed.GetProperty("role").GetString());
        Assert.Equal("Tea Importers LLC", listed.GetProperty("name").GetString());

        var company = await client.GetFromJsonAsync<JsonElement>($"/api/companies/{id}", Ct);
        Assert.Equal("Tea Importers LLC", company.GetProperty("name").GetString());
        Assert.Equal("RU", company.GetProperty("country").GetString());
        Assert.Equal("importer", company.GetProperty("companyType").GetString());
        Assert.Equal("7707083893", company.GetProperty("taxId").GetString());
        Assert.Equal("Moscow", company.GetProperty("address").GetProperty("city").GetString());
        Assert.Equal("active", company.GetProperty("status").GetString());
        Assert.Equal("owner", company.GetProperty("myRole").GetString());

        var participants = await client.GetFromJsonAsync<JsonElement>($"/api/companies/{id}/participants", Ct);
        var only = Assert.Single(participants.EnumerateArray());
        Assert.Equal((owner.Id, "owner"), (only.GetProperty("userId").GetGuid(), only.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task A_non_participant_is_told_404_for_everything_about_the_company_exactly_as_for_no_company()
    {
        var owner = CompaniesApiFactory.NewUser();
        var id = await api.CreateCompanyAsync(owner);
        var (invitationId, _) = await api.InviteAsync(owner, id, CompaniesApiFactory.NewUser(), "member");
        using var stranger = api.ClientFor(CompaniesApiFactory.NewUser());

        foreach (var company in new[] { id, Guid.CreateVersion7() })
        {
            var answers = new[]
            {
                await stranger.GetAsync($"/api/companies/{company}", Ct),
                await stranger.GetAsync($"/api/companies/{company}/participants", Ct),
                await stranger.GetAsync($"/api/companies/{company}/invitations", Ct),
                await stranger.PatchAsJsonAsync($"/api/companies/{company}", new { name = "Mine now" }, Ct),
                await stranger.PostAsync($"/api/companies/{company}/archive", null, Ct),
                await stranger.PostAsJsonAsync($"/api/companies/{company}/invitations", new { email = "x@example.com", role = "member" }, Ct),
                await stranger.PutAsJsonAsync($"/api/companies/{company}/participants/{owner.Id}/role", new { role = "viewer" }, Ct),
                await stranger.DeleteAsync($"/api/companies/{company}/participants/{owner.Id}", Ct),
                await stranger.DeleteAsync($"/api/companies/{company}/invitations/{invitationId}", Ct),
            };
            foreach (var answer in answers)
            {
                var problem = await ProblemAsync(answer, HttpStatusCode.NotFound, NotFound);
                Assert.Equal($"Company {company} does not exist.", problem.GetProperty("detail").GetString());
            }
        }

        Assert.Empty(await stranger.GetFromJsonAsync<JsonElement[]>("/api/companies", Ct) ?? []);
        using var ownerClient = api.ClientFor(owner);
        Assert.Equal("Tea Importers LLC", (await ownerClient.GetFromJsonAsync<JsonElement>($"/api/companies/{id}", Ct)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Without_a_token_everything_is_401()
    {
        using var anonymous = api.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/companies", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/companies", new { name = "X", country = "RU", companyType = "importer" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Owners_and_admins_update_details_and_others_are_refused()
    {
        var owner = CompaniesApiFactory.NewUser();
        var admin = CompaniesApiFactory.NewUser();
        var member = CompaniesApiFactory.NewUser();
        var id = await api.CreateCompanyAsync(owner);
        await api.JoinAsync(owner, id, admin, "admin");
        await api.JoinAsync(owner, id, member, "member");
        using var adminClient = api.ClientFor(admin);
        using var memberClient = api.ClientFor(member);

        var patch = await adminClient.PatchAsJsonAsync($"/api/companies/{id}", new
        {
            name = "Tea & Coffee LLC",
            taxId = "500100732259",
            address = new { line1 = "Tverskaya 1", city = "Moscow", country = "RU" },
        }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);

        var company = await memberClient.GetFromJsonAsync<JsonElement>($"/api/companies/{id}", Ct);
        Assert.Equal("Tea & Coffee LLC", company.GetProperty("name").GetString());
        Assert.Equal("500100732259", company.GetProperty("taxId").GetString());
        Assert.Equal("Tverskaya 1", company.GetProperty("address").GetProperty("line1").GetString());
        Assert.Equal("member", company.GetProperty("myRole").GetString());

        await ProblemAsync(await memberClient.PatchAsJsonAsync($"/api/companies/{id}", new { name = "Member Co" }, Ct), HttpStatusCode.Forbidden, "auth.forbidden");
        await ProblemAsync(await adminClient.PostAsync($"/api/companies/{id}/archive", null, Ct), HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task Invalid_input_is_400_naming_the_fields()
    {
        using var client = api.ClientFor(CompaniesApiFactory.NewUser());

        var badCountry = await ProblemAsync(
            await client.PostAsJsonAsync("/api/companies", new { name = "Tea", country = "XX", companyType = "importer", taxId = "7707083893" }, Ct),
            HttpStatusCode.BadRequest, "validation.failed");
        Assert.Equal(["country"], ErrorFields(badCountry));

        var badInn = await ProblemAsync(
            await client.PostAsJsonAsync("/api/companies", new { name = "Tea", country = "RU", companyType = "importer", taxId = "7707083894" }, Ct),
            HttpStatusCode.BadRequest, "validation.failed");
        Assert.Equal(["taxId"], ErrorFields(badInn));
        Assert.Equal("companies.tax-id-invalid", badInn.GetProperty("codes").GetProperty("taxId")[0].GetString());

        var several = await ProblemAsync(
            await client.PostAsJsonAsync("/api/companies", new { name = "", country = "DE", companyType = "bank", taxId = "DE 1", address = new { city = "Berlin", country = "Germany" } }, Ct),
            HttpStatusCode.BadRequest);
        Assert.Equal(["address.country", "companyType", "name", "taxId"], ErrorFields(several).Order(StringComparer.Ordinal));

        // On update the country's rules come from the company itself; a bad INN is still a 400 naming taxId.
        var owner = CompaniesApiFactory.NewUser();
        var id = await api.CreateCompanyAsync(owner);
        using var ownerClient = api.ClientFor(owner);
        var badUpdate = await ProblemAsync(await ownerClient.PatchAsJsonAsync($"/api/companies/{id}", new { taxId = "500100732250" }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["taxId"], ErrorFields(badUpdate));
        var empty = await ProblemAsync(await ownerClient.PatchAsJsonAsync($"/api/companies/{id}", new { }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["company"], ErrorFields(empty));
    }

    [Fact]
    public async Task An_archived_company_stays_readable_and_refuses_every_change_with_422()
    {
        var owner = CompaniesApiFactory.NewUser();
        var member = CompaniesApiFactory.NewUser();
        var id = await api.CreateCompanyAsync(owner);
        await api.JoinAsync(owner, id, member, "member");
        var (pendingId, pendingToken) = await api.InviteAsync(owner, id, CompaniesApiFactory.NewUser(), "viewer");
        using var client = api.ClientFor(owner);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/companies/{id}/archive", null, Ct)).StatusCode);

        var refused = new[]
        {
            await client.PatchAsJsonAsync($"/api/companies/{id}", new { name = "Still here" }, Ct),
            await client.PostAsync($"/api/companies/{id}/archive", null, Ct),
            await client.PostAsJsonAsync($"/api/companies/{id}/invitations", new { email = "late@example.com", role = "member" }, Ct),
            await client.PutAsJsonAsync($"/api/companies/{id}/participants/{member.Id}/role", new { role = "admin" }, Ct),
            await client.DeleteAsync($"/api/companies/{id}/participants/{member.Id}", Ct),
            await client.DeleteAsync($"/api/companies/{id}/invitations/{pendingId}", Ct),
        };
        foreach (var answer in refused)
        {
            await ProblemAsync(answer, HttpStatusCode.UnprocessableEntity, "companies.archived");
        }

        var invitee = api.Sent.Messages.Single(m => m.InvitationId == pendingId);
        using var inviteeClient = api.ClientFor(new TestUser(Guid.CreateVersion7(), invitee.To));
        await ProblemAsync(
            await inviteeClient.PostAsJsonAsync($"/api/companies/invitations/{pendingId}/accept", new { token = pendingToken }, Ct),
            HttpStatusCode.UnprocessableEntity, "companies.archived");

        var company = await client.GetFromJsonAsync<JsonElement>($"/api/companies/{id}", Ct);
        Assert.Equal("archived", company.GetProperty("status").GetString());
        using var memberClient = api.ClientFor(member);
        Assert.Equal(2, (await memberClient.GetFromJsonAsync<JsonElement>($"/api/companies/{id}/participants", Ct)).GetArrayLength());
    }

    [Fact]
    public async Task WellWon_administrators_suspend_and_reactivate_and_nobody_else_may()
    {
        var owner = CompaniesApiFactory.NewUser();
        var id = await api.CreateCompanyAsync(owner);
        using var ownerClient = api.ClientFor(owner);
        using var staff = api.ClientFor(CompaniesApiFactory.NewUser("ww_admin"));

        await ProblemAsync(await ownerClient.PostAsJsonAsync($"/api/companies/{id}/suspend", new { reason = "self" }, Ct), HttpStatusCode.Forbidden, "auth.forbidden");
        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsJsonAsync($"/api/companies/{id}/suspend", new { reason = "documents missing" }, Ct)).StatusCode);

        Assert.Equal("suspended", (await ownerClient.GetFromJsonAsync<JsonElement>($"/api/companies/{id}", Ct)).GetProperty("status").GetString());
        await ProblemAsync(await ownerClient.PatchAsJsonAsync($"/api/companies/{id}", new { name = "Renamed" }, Ct), HttpStatusCode.UnprocessableEntity, "companies.suspended");
        // Staff act on companies from outside them, but only through these two doors: the company itself stays the participants'.
        await ProblemAsync(await staff.GetAsync($"/api/companies/{id}", Ct), HttpStatusCode.NotFound, NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsync($"/api/companies/{id}/reactivate", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ownerClient.PatchAsJsonAsync($"/api/companies/{id}", new { name = "Renamed" }, Ct)).StatusCode);
        await ProblemAsync(await staff.PostAsync($"/api/companies/{id}/reactivate", null, Ct), HttpStatusCode.UnprocessableEntity, "companies.not-suspended");
        await ProblemAsync(await staff.PostAsync($"/api/companies/{Guid.CreateVersion7()}/suspend", null, Ct), HttpStatusCode.NotFound, NotFound);
    }

    [Fact]
    public async Task The_live_read_models_match_a_replay_of_the_log_and_survive_a_rebuild()
    {
        // Some history of every kind, written through the Api.
        var owner = CompaniesApiFactory.NewUser();
        var id = await api.CreateCompanyAsync(owner, "Replayed Tea");
        var member = CompaniesApiFactory.NewUser();
        await api.JoinAsync(owner, id, member, "member");
        using var client = api.ClientFor(owner);
        await client.PutAsJsonAsync($"/api/companies/{id}/participants/{member.Id}/role", new { role = "manager" }, Ct);
        var (revoked, _) = await api.InviteAsync(owner, id, CompaniesApiFactory.NewUser(), "viewer");
        await client.DeleteAsync($"/api/companies/{id}/invitations/{revoked}", Ct);
        await client.PatchAsJsonAsync($"/api/companies/{id}", new { name = "Replayed Tea & Coffee" }, Ct);

        var checker = api.Services.GetRequiredService<IProjectionIntegrityChecker>();
        var rebuilder = api.Services.GetRequiredService<ProjectionRebuilder>();
        var registry = api.Services.GetRequiredService<ProjectionRegistry>();
        foreach (var name in new[] { "companies.company-directory", "companies.participants", "companies.invitations" })
        {
            var projection = Assert.IsAssignableFrom<IRebuildableProjection>(registry.Find(name));
            Assert.True(ProjectionRegistry.IsSync(projection));
            var report = await checker.CheckAsync(name, Ct);
            Assert.True(report.IsHealthy, $"{name}: {report}");
            Assert.True(report.RowsCompared > 0);

            await rebuilder.RebuildAsync(projection, null, Ct);
            Assert.True((await checker.CheckAsync(name, Ct)).IsHealthy);
        }

        var participants = await client.GetFromJsonAsync<JsonElement>($"/api/companies/{id}/participants", Ct);
        Assert.Equal(["owner", "manager"], participants.EnumerateArray().Select(p => p.GetProperty("role").GetString()).ToList());
        Assert.Equal("Replayed Tea & Coffee", (await client.GetFromJsonAsync<JsonElement>($"/api/companies/{id}", Ct)).GetProperty("name").GetString());
    }
}
