using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Companies.ReadModel;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.RealTime;
using WellWon.Platform.Tenancy;
using static WellWon.Companies.Tests.Http.Answers;

namespace WellWon.Companies.Tests.Http;

/// <summary>Participants over HTTP: role changes, removals, leaving, the last owner; and the tenant check other contexts and the hub use.</summary>
public sealed class ParticipantHttpTests(CompaniesApiFactory api) : IClassFixture<CompaniesApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Owners_and_admins_change_roles_within_the_rules()
    {
        var (id, owner, admin, member) = await StaffedAsync();
        using var ownerClient = api.ClientFor(owner);
        using var adminClient = api.ClientFor(admin);
        using var memberClient = api.ClientFor(member);

        Assert.Equal(HttpStatusCode.NoContent, (await adminClient.PutAsJsonAsync($"/api/companies/{id}/participants/{member.Id}/role", new { role = "manager" }, Ct)).StatusCode);
        Assert.Equal("manager", await RoleAsync(ownerClient, id, member.Id));

        await ProblemAsync(await adminClient.PutAsJsonAsync($"/api/companies/{id}/participants/{owner.Id}/role", new { role = "member" }, Ct), HttpStatusCode.UnprocessableEntity, "companies.owner-protected");
        await ProblemAsync(await adminClient.PutAsJsonAsync($"/api/companies/{id}/participants/{member.Id}/role", new { role = "owner" }, Ct), HttpStatusCode.UnprocessableEntity, "companies.role-above-own");
        await ProblemAsync(await memberClient.PutAsJsonAsync($"/api/companies/{id}/participants/{member.Id}/role", new { role = "admin" }, Ct), HttpStatusCode.Forbidden, "auth.forbidden");
        await ProblemAsync(await ownerClient.PutAsJsonAsync($"/api/companies/{id}/participants/{Guid.CreateVersion7()}/role", new { role = "member" }, Ct), HttpStatusCode.NotFound, "companies.participant-not-found");
        var invalid = await ProblemAsync(await ownerClient.PutAsJsonAsync($"/api/companies/{id}/participants/{member.Id}/role", new { role = "boss" }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["role"], ErrorFields(invalid));

        Assert.Equal(HttpStatusCode.NoContent, (await ownerClient.PutAsJsonAsync($"/api/companies/{id}/participants/{admin.Id}/role", new { role = "owner" }, Ct)).StatusCode);
        Assert.Equal("owner", await RoleAsync(ownerClient, id, admin.Id));
    }

    [Fact]
    public async Task The_last_owner_can_neither_be_demoted_nor_leave_until_there_is_another()
    {
        var (id, owner, admin, _) = await StaffedAsync();
        using var ownerClient = api.ClientFor(owner);

        await ProblemAsync(await ownerClient.PutAsJsonAsync($"/api/companies/{id}/participants/{owner.Id}/role", new { role = "admin" }, Ct), HttpStatusCode.UnprocessableEntity, "companies.last-owner");
        await ProblemAsync(await ownerClient.DeleteAsync($"/api/companies/{id}/participants/{owner.Id}", Ct), HttpStatusCode.UnprocessableEntity, "companies.last-owner");

        Assert.Equal(HttpStatusCode.NoContent, (await ownerClient.PutAsJsonAsync($"/api/companies/{id}/participants/{admin.Id}/role", new { role = "owner" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ownerClient.DeleteAsync($"/api/companies/{id}/participants/{owner.Id}", Ct)).StatusCode);

        await ProblemAsync(await ownerClient.GetAsync($"/api/companies/{id}", Ct), HttpStatusCode.NotFound, "companies.company-not-found");
        using var newOwner = api.ClientFor(admin);
        await ProblemAsync(await newOwner.DeleteAsync($"/api/companies/{id}/participants/{admin.Id}", Ct), HttpStatusCode.UnprocessableEntity, "companies.last-owner");
    }

    [Fact]
    public async Task A_removed_participant_loses_access_at_once()
    {
        var (id, owner, admin, member) = await StaffedAsync();
        using var memberClient = api.ClientFor(member);
        Assert.Equal(HttpStatusCode.OK, (await memberClient.GetAsync($"/api/companies/{id}", Ct)).StatusCode);
        using var adminClient = api.ClientFor(admin);

        Assert.Equal(HttpStatusCode.NoContent, (await adminClient.DeleteAsync($"/api/companies/{id}/participants/{member.Id}", Ct)).StatusCode);

        // The very next request, no waiting.
        await ProblemAsync(await memberClient.GetAsync($"/api/companies/{id}", Ct), HttpStatusCode.NotFound, "companies.company-not-found");
        await ProblemAsync(await memberClient.GetAsync($"/api/companies/{id}/participants", Ct), HttpStatusCode.NotFound, "companies.company-not-found");
        await ProblemAsync(await memberClient.DeleteAsync($"/api/companies/{id}/participants/{member.Id}", Ct), HttpStatusCode.NotFound, "companies.company-not-found");
        Assert.DoesNotContain(
            (await memberClient.GetFromJsonAsync<JsonElement>("/api/companies", Ct)).EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        Assert.Null(await api.Services.GetRequiredService<ICompanyAccess>().RoleOfAsync(member.Id, id, Ct));
        Assert.False(await api.Services.GetRequiredService<ICompanyMembership>().IsParticipantAsync(member.Id, id, Ct));

        // Nor can an admin remove an owner.
        await ProblemAsync(await adminClient.DeleteAsync($"/api/companies/{id}/participants/{owner.Id}", Ct), HttpStatusCode.UnprocessableEntity, "companies.owner-protected");
    }

    [Fact]
    public async Task A_participant_leaves_and_members_remove_nobody_else()
    {
        var (id, _, admin, member) = await StaffedAsync();
        using var memberClient = api.ClientFor(member);

        await ProblemAsync(await memberClient.DeleteAsync($"/api/companies/{id}/participants/{admin.Id}", Ct), HttpStatusCode.Forbidden, "auth.forbidden");
        Assert.Equal(HttpStatusCode.NoContent, (await memberClient.DeleteAsync($"/api/companies/{id}/participants/{member.Id}", Ct)).StatusCode);

        using var adminClient = api.ClientFor(admin);
        var roles = (await adminClient.GetFromJsonAsync<JsonElement>($"/api/companies/{id}/participants", Ct)).EnumerateArray().Select(p => p.GetProperty("role").GetString()).ToList();
        Assert.Equal(["owner", "admin"], roles);
    }

    [Fact]
    public async Task RequireAsync_answers_every_context_from_the_participants_read_model()
    {
        var (id, owner, admin, member) = await StaffedAsync();
        var access = api.Services.GetRequiredService<ICompanyAccess>();

        Assert.Equal(CompanyRole.Owner, await access.RequireAsync(owner.Id, id, CompanyRole.Admin, Ct));
        Assert.Equal(CompanyRole.Admin, await access.RequireAsync(admin.Id, id, CompanyRole.Admin, Ct));
        Assert.Equal(CompanyRole.Member, await access.RequireAsync(member.Id, id, CompanyRole.Viewer, Ct));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await access.RequireAsync(member.Id, id, CompanyRole.Manager, Ct));
        var notFound = await Assert.ThrowsAsync<NotFoundException>(async () => await access.RequireAsync(Guid.CreateVersion7(), id, CompanyRole.Viewer, Ct));
        Assert.Equal(CompanyAccessExtensions.CompanyNotFoundCode, notFound.Code);
        await Assert.ThrowsAsync<NotFoundException>(async () => await access.RequireAsync(owner.Id, Guid.CreateVersion7(), CompanyRole.Viewer, Ct));

        // The hub's membership check is the same read model, in place of the deny-all default.
        var membership = api.Services.GetRequiredService<ICompanyMembership>();
        Assert.IsType<ParticipantAccess>(membership);
        Assert.True(await membership.IsParticipantAsync(member.Id, id, Ct));
        Assert.False(await membership.IsParticipantAsync(Guid.CreateVersion7(), id, Ct));
    }

    private async Task<(Guid Id, TestUser Owner, TestUser Admin, TestUser Member)> StaffedAsync()
    {
        var owner = CompaniesApiFactory.NewUser();
        var admin = CompaniesApiFactory.NewUser();
        var member = CompaniesApiFactory.NewUser();
        var id = await api.CreateCompanyAsync(owner);
        await api.JoinAsync(owner, id, admin, "admin");
        await api.JoinAsync(owner, id, member, "member");
        return (id, owner, admin, member);
    }

    private static async Task<string?> RoleAsync(HttpClient client, Guid companyId, Guid userId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/companies/{companyId}/participants", Ct)).EnumerateArray()
            .Single(p => p.GetProperty("userId").GetGuid() == userId).GetProperty("role").GetString();
}
